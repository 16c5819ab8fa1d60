-- The durable batcher's queue (choreography, io.annals.choreography.batch). An item is PENDING until a node claims it
-- in a batch (CLAIMED, with batch_id, claimed_by and claimed_at refreshed while the node works on it); a delivered
-- batch deletes its items; a failed one puts them back to PENDING with attempts + 1 and a later next_attempt_at, or
-- PARKED once they reached the type's max-attempts. A claim whose node stopped refreshing it returns to PENDING.
CREATE TABLE batch_item (
    id              BIGSERIAL    PRIMARY KEY,
    type            VARCHAR(200) NOT NULL,
    payload         TEXT         NOT NULL,
    priority        INTEGER      NOT NULL,
    -- the tag group: sorted, distinct tags; '{}' for untagged items, which form a group of their own
    tags            TEXT[]       NOT NULL,
    state           VARCHAR(16)  NOT NULL CHECK (state IN ('PENDING', 'CLAIMED', 'PARKED')),
    enqueued_at     TIMESTAMPTZ  NOT NULL,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    attempts        INTEGER      NOT NULL DEFAULT 0,
    batch_id        VARCHAR(64),
    claimed_by      VARCHAR(200),
    claimed_at      TIMESTAMPTZ,
    last_error      TEXT
);
-- the claim: per type and tag group, highest priority first, then oldest
CREATE INDEX batch_item_pending_idx ON batch_item (type, tags, priority DESC, enqueued_at, id) WHERE state = 'PENDING';
-- expired claims per type, and the in-flight part of the pending count
CREATE INDEX batch_item_claimed_idx ON batch_item (type, claimed_at) WHERE state = 'CLAIMED';
-- completing or failing one batch
CREATE INDEX batch_item_batch_idx ON batch_item (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX batch_item_parked_idx ON batch_item (type) WHERE state = 'PARKED';

-- Delivered items are deleted, so what was done is counted here, per type, across all nodes and restarts.
CREATE TABLE batch_type_stats (
    type     VARCHAR(200) PRIMARY KEY,
    batches  BIGINT       NOT NULL DEFAULT 0,
    events   BIGINT       NOT NULL DEFAULT 0,
    failures BIGINT       NOT NULL DEFAULT 0
);
