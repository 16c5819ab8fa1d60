package io.annals.choreography.fulfilment;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Answers from the event store itself (the sku is the product aggregate's identifier), one indexed lookup on
 * {@code (aggregate_identifier, sequence_number)}; never from a read model, which may lag.
 */
@Component
class EventStoreSkuDirectory implements SkuDirectory {

    private final EventStore eventStore;

    EventStoreSkuDirectory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public boolean exists(String sku) {
        return eventStore.lastSequenceNumberFor(sku).isPresent();
    }
}
