package io.annals.choreography.circuit;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health component {@code circuits}: each circuit's state as a detail. Always UP: an open circuit means a provider
 * is down, not this service; sagas wait for it, so taking the instance out of rotation would help nobody.
 */
final class CircuitsHealthIndicator implements HealthIndicator {

    private final Circuits circuits;

    CircuitsHealthIndicator(Circuits circuits) {
        this.circuits = circuits;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        circuits.list().forEach(circuit -> health.withDetail(circuit.name(), circuit.state()));
        return health.build();
    }
}
