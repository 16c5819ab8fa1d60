package io.annals.app.deadletter;

import java.util.Set;

/**
 * Processing groups that get no dead-letter queue: a failing event must stop them (their batch is retried) rather
 * than be parked and passed, because they promise to handle every event in order (the event fan-out's publishers).
 * Published as a bean by whoever owns such groups; several may exist.
 */
public record DeadLetterExemptions(Set<String> groups) {

    public DeadLetterExemptions {
        groups = Set.copyOf(groups);
    }
}
