-- Read models of the intake processor (processing group "intake"). The accepted events themselves live in the event
-- store, one stream per source (aggregate_identifier 'intake:<source_id>'): its unique index on
-- (aggregate_identifier, sequence_number) keeps each source's sequence gapless, the one on event_identifier
-- ('intake:<source_id>:<event_id>') refuses a duplicate.

-- One row per accepted event, as enriched. intake_latency_ms is measured once, when the event is first enriched; a
-- replay rewrites every other column and keeps it.
CREATE TABLE intake_event_view (
    global_sequence      BIGINT           NOT NULL PRIMARY KEY,
    source_id            VARCHAR(64)      NOT NULL,
    source_sequence      BIGINT           NOT NULL,
    event_id             VARCHAR(128)     NOT NULL,
    priority             VARCHAR(8)       NOT NULL,
    category             VARCHAR(12)      NOT NULL,
    category_confidence  DOUBLE PRECISION NOT NULL,
    risk_score           DOUBLE PRECISION NOT NULL,
    is_anomaly           BOOLEAN          NOT NULL,
    processing_signature VARCHAR(64)      NOT NULL,
    intake_latency_ms    BIGINT           NOT NULL,
    received_at          TIMESTAMPTZ      NOT NULL,
    payload              TEXT             NOT NULL
);
-- the listing's filters, each in the listing's order
CREATE INDEX intake_event_view_source_idx ON intake_event_view (source_id, global_sequence);
CREATE INDEX intake_event_view_category_idx ON intake_event_view (category, global_sequence);
CREATE INDEX intake_event_view_risk_idx ON intake_event_view (risk_score);

-- One row per source: its counts, kept by the same processor.
CREATE TABLE intake_source_view (
    source_id         VARCHAR(64) NOT NULL PRIMARY KEY,
    accepted          BIGINT      NOT NULL,
    duplicates        BIGINT      NOT NULL,
    last_sequence     BIGINT      NOT NULL,
    system_events     BIGINT      NOT NULL,
    user_events       BIGINT      NOT NULL,
    transaction_events BIGINT     NOT NULL,
    monitoring_events BIGINT      NOT NULL,
    alert_events      BIGINT      NOT NULL
);
