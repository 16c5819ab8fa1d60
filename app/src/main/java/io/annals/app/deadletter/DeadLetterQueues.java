package io.annals.app.deadletter;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;

import java.util.Collections;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The sequenced dead-letter queue of every event-handling processing group, all in {@code dead_letter_entry}, keyed by
 * group. A queue is created when Axon builds the group's processor, so this holds exactly the groups that dead-letter
 * on this instance.
 *
 * <p>Saga processing groups have none: Axon 4.13 does not dead-letter sagas ({@code EventProcessingModule} wraps only
 * plain event handlers in a {@code DeadLetteringEventHandlerInvoker}; its reference guide: "there is no support for
 * using a dead-letter queue for sagas"). The fulfilment saga parks its failing events itself
 * ({@code io.annals.choreography.fulfilment.FulfilmentDeadLetters}, in a table of its own).
 */
final class DeadLetterQueues {

    private final SortedMap<String, SequencedDeadLetterQueue<EventMessage<?>>> byGroup = new ConcurrentSkipListMap<>();
    private final ConnectionProvider connectionProvider;
    private final TransactionManager transactionManager;
    private final DeadLetterSchema schema;
    private final Serializer genericSerializer;
    private final Serializer eventSerializer;
    private final DeadLetterProperties properties;

    DeadLetterQueues(ConnectionProvider connectionProvider, TransactionManager transactionManager,
                     DeadLetterSchema schema, Serializer genericSerializer, Serializer eventSerializer,
                     DeadLetterProperties properties) {
        this.connectionProvider = connectionProvider;
        this.transactionManager = transactionManager;
        this.schema = schema;
        this.genericSerializer = genericSerializer;
        this.eventSerializer = eventSerializer;
        this.properties = properties;
    }

    /** The queues by processing group, in name order; read-only. */
    public SortedMap<String, SequencedDeadLetterQueue<EventMessage<?>>> byGroup() {
        return Collections.unmodifiableSortedMap(byGroup);
    }

    /**
     * How often handling the letter's event failed: 1 when it was parked by its own failure, 0 when it was only
     * parked behind an earlier letter of its sequence, and one more for every failed retry.
     */
    public static int attempts(DeadLetter<?> letter) {
        return ParkOnFailure.attempts(letter);
    }

    SequencedDeadLetterQueue<EventMessage<?>> queueFor(String processingGroup) {
        return byGroup.computeIfAbsent(processingGroup, group -> JdbcSequencedDeadLetterQueue.builder()
                .processingGroup(group)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(schema)
                .genericSerializer(genericSerializer)
                .eventSerializer(eventSerializer)
                .maxSequences(properties.maxSequences())
                .maxSequenceSize(properties.maxSequenceSize())
                .build());
    }
}
