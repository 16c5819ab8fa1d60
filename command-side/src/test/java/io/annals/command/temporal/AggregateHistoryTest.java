package io.annals.command.temporal;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Temporal reads fold events, starting from the nearest checkpoint at or before the point asked for. */
class AggregateHistoryTest {

    private static final String ID = "counter-1";
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int INTERVAL = 250;

    private final List<DomainEventMessage<?>> stored = new ArrayList<>();
    private EventStore eventStore;
    private AggregateHistory testSubject;

    /** The sum of all added amounts and the version: enough to tell any two points of the history apart. */
    record Sum(long total, long version) {
    }

    record Added(long amount) {
    }

    static final class SumFold implements EntityFold<Sum> {
        @Override
        public String kind() {
            return "counters";
        }

        @Override
        public String aggregateType() {
            return "Counter";
        }

        @Override
        public Sum start(DomainEventMessage<?> creation) {
            return new Sum(((Added) creation.getPayload()).amount(), creation.getSequenceNumber());
        }

        @Override
        public Sum apply(Sum state, DomainEventMessage<?> event) {
            return new Sum(state.total() + ((Added) event.getPayload()).amount(), event.getSequenceNumber());
        }

        @Override
        public Object view(Sum state) {
            return state;
        }
    }

    @BeforeEach
    void storeAThousandEvents() {
        for (long version = 0; version < 1000; version++) {
            stored.add(new GenericDomainEventMessage<>("Counter", ID, version, new Added(version + 1), MetaData.emptyInstance(),
                    java.util.UUID.randomUUID().toString(), START.plusSeconds(version)));
        }
        eventStore = mock(EventStore.class);
        when(eventStore.readEvents(eq(ID), anyLong())).thenAnswer(call -> {
            long from = call.getArgument(1);
            return DomainEventStream.of(stored.subList((int) Math.min(from, stored.size()), stored.size()).stream(),
                    () -> (long) stored.size() - 1);
        });
        testSubject = new AggregateHistory(eventStore, List.of(new SumFold()), INTERVAL, 100);
    }

    @Test
    void everyVersionFoldsToTheSumOfItsEvents() {
        for (long version : new long[]{0, 1, 249, 250, 251, 700, 999}) {
            assertThat(testSubject.stateAtVersion("counters", ID, version))
                    .isEqualTo(new Sum(sumUpTo(version), version));
        }
    }

    @Test
    void aLaterReadStartsFromTheNearestEarlierCheckpoint() {
        testSubject.stateAtVersion("counters", ID, 999);

        assertThat(testSubject.stateAtVersion("counters", ID, 620)).isEqualTo(new Sum(sumUpTo(620), 620));
        verify(eventStore).readEvents(ID, 501L);
    }

    @Test
    void asOfUsesOnlyCheckpointsWhoseLastEventIsNotLater() {
        testSubject.stateAtVersion("counters", ID, 999);
        Instant asOf = START.plusSeconds(300).plusMillis(500);

        assertThat(testSubject.stateAsOf("counters", ID, asOf)).isEqualTo(new Sum(sumUpTo(300), 300));
        verify(eventStore).readEvents(ID, 251L);
    }

    @Test
    void aVersionBeyondTheLastIsNotFound() {
        assertThatThrownBy(() -> testSubject.stateAtVersion("counters", ID, 1000))
                .isInstanceOf(io.annals.kernel.error.EntityNotFoundException.class);
    }

    private static long sumUpTo(long version) {
        return (version + 1) * (version + 2) / 2;
    }
}
