package io.annals.choreography.circuit;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One circuit as {@code GET /api/admin/circuits} shows it.
 *
 * @param state             {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN} (or a forced state set by hand)
 * @param failureRate       share of failed calls in the window, 0..1; 0 while fewer than the minimum calls were made
 * @param calls             calls in the sliding window
 * @param failedCalls       failed calls in the sliding window
 * @param notPermittedCalls calls the circuit refused since it last closed
 * @param lastFailureAt     the last failed call, if any
 * @param lastSuccessAt     the last successful call, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CircuitView(String name, String state, double failureRate, int calls, int failedCalls,
                          long notPermittedCalls, Instant lastFailureAt, Instant lastSuccessAt) {
}
