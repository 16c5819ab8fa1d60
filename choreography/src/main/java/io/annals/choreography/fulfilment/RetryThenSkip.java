package io.annals.choreography.fulfilment;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a failing saga handler does to its processor, since Axon's dead-letter queues do not cover sagas: the failure
 * propagates, so the batch is rolled back and retried (a lost append race, a database hiccup), up to
 * {@code maxAttempts} times per event; then the event is logged as an error and skipped, so one poison event cannot
 * stop every other order of its segment. Written by hand because Axon offers only "always propagate" and "always
 * log"; the count is per node and in memory (a restart grants fresh attempts).
 */
final class RetryThenSkip implements ListenerInvocationErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(RetryThenSkip.class);
    private static final int REMEMBERED_EVENTS = 10_000;

    private final int maxAttempts;
    private final Map<String, Integer> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED_EVENTS;
        }
    };

    RetryThenSkip(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    @Override
    public void onError(Exception exception, EventMessage<?> event, EventMessageHandler eventHandler)
            throws Exception {
        int attempts;
        synchronized (failures) {
            attempts = failures.merge(event.getIdentifier(), 1, Integer::sum);
            if (attempts >= maxAttempts) {
                failures.remove(event.getIdentifier());
            }
        }
        if (attempts < maxAttempts) {
            throw exception;
        }
        log.error("{} {} failed {} times in the fulfilment saga and is skipped; its order needs a look: {}",
                event.getPayloadType().getSimpleName(), event.getIdentifier(), attempts, exception.toString());
    }
}
