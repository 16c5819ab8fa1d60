package io.annals.choreography.sandbox;

/**
 * How one sandbox provider behaves.
 *
 * @param failureRate share of calls answered 503, 0..1
 * @param latencyMs   how long each call waits before it is answered
 */
public record SandboxSettings(double failureRate, long latencyMs) {

    static final SandboxSettings PERFECT = new SandboxSettings(0, 0);
}
