-- The order-fulfilment saga's parked events (module choreography): Axon 4.13 dead-letters no saga, so a saga event
-- that keeps failing is parked here by choreography, in the processor's transaction, and later events of the same
-- order queue behind it (sequence_identifier = the order id). Axon's JDBC dead-letter queue reads and writes the
-- rows, hence the same columns as dead_letter_entry; processing_group is always 'fulfilment'.
CREATE TABLE fulfilment_dead_letter_entry (
    dead_letter_id       VARCHAR(255)  NOT NULL PRIMARY KEY,
    processing_group     VARCHAR(255)  NOT NULL,
    sequence_identifier  VARCHAR(255)  NOT NULL,
    sequence_index       BIGINT        NOT NULL,
    message_type         VARCHAR(255)  NOT NULL,
    event_identifier     VARCHAR(255)  NOT NULL,
    time_stamp           VARCHAR(255)  NOT NULL,
    payload_type         VARCHAR(255)  NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA         NOT NULL,
    meta_data            BYTEA,
    aggregate_type       VARCHAR(255),
    aggregate_identifier VARCHAR(255),
    sequence_number      BIGINT,
    token_type           VARCHAR(255),
    token                BYTEA,
    enqueued_at          VARCHAR(255)  NOT NULL,
    last_touched         VARCHAR(255),
    processing_started   VARCHAR(255),
    cause_type           VARCHAR(255),
    cause_message        VARCHAR(1023),
    diagnostics          BYTEA,
    CONSTRAINT fulfilment_dead_letter_entry_sequence_uk
        UNIQUE (processing_group, sequence_identifier, sequence_index)
);
-- the unique constraint's index also serves the probe every saga event makes (is its order parked?)
