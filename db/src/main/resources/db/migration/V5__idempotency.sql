-- Idempotency-Key records: one per (user, endpoint, key). A request first claims its key (state IN_PROGRESS, own
-- transaction), then stores its answer (COMPLETED) so a repeat replays it verbatim. Cleaned up after the retention.
CREATE TABLE idempotency_record (
    principal        VARCHAR(200) NOT NULL,
    endpoint         VARCHAR(200) NOT NULL,
    idempotency_key  VARCHAR(200) NOT NULL,
    request_hash     VARCHAR(64)  NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    response_status  INTEGER,
    response_type    VARCHAR(200),
    response_headers TEXT,
    response_body    BYTEA,
    created_at       TIMESTAMPTZ  NOT NULL,
    completed_at     TIMESTAMPTZ,
    PRIMARY KEY (principal, endpoint, idempotency_key)
);
CREATE INDEX idempotency_record_created_idx ON idempotency_record (created_at);
