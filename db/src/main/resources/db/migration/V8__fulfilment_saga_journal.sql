-- Where each order-fulfilment saga stands, written by the saga in its own transaction (Axon's saga_entry holds only
-- live sagas, as serialized blobs). Ended sagas stay listed for annals.fulfilment.journal-retention.
CREATE TABLE fulfilment_saga (
    saga_id     VARCHAR(255) PRIMARY KEY,
    order_id    VARCHAR(255) NOT NULL,
    saga_type   VARCHAR(255) NOT NULL,
    step        VARCHAR(32)  NOT NULL,
    active      BOOLEAN      NOT NULL,
    started_at  TIMESTAMPTZ  NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL,
    ended_at    TIMESTAMPTZ,
    deadline_at TIMESTAMPTZ
);

CREATE INDEX fulfilment_saga_by_state ON fulfilment_saga (active, started_at DESC, saga_id);
CREATE INDEX fulfilment_saga_by_order ON fulfilment_saga (order_id);
CREATE INDEX fulfilment_saga_ended ON fulfilment_saga (ended_at) WHERE ended_at IS NOT NULL;
