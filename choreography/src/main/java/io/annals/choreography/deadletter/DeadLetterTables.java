package io.annals.choreography.deadletter;

import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;

/**
 * Axon's JDBC dead-letter schema with the snake_case columns Flyway gives every dead-letter table
 * ({@code dead_letter_entry}, V1; {@code fulfilment_dead_letter_entry}, V11, the same columns).
 *
 * <p>Here because it is the one module both users see: the fulfilment saga's queue in this module and the processing
 * groups' queue in {@code app}, which may import the choreography (not the other way round); the kernel holds
 * nothing of Axon beyond annotations.
 */
public final class DeadLetterTables {

    private DeadLetterTables() {
    }

    /** The schema of the dead-letter table {@code table}, which has the columns of {@code dead_letter_entry}. */
    public static DeadLetterSchema schema(String table) {
        return DeadLetterSchema.builder()
                .deadLetterTable(table)
                .deadLetterIdentifierColumn("dead_letter_id")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("aggregate_type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }
}
