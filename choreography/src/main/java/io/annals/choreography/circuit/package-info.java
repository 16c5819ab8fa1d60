/** Circuit breakers and retries around outgoing calls: their settings, state, reset, health and metrics. */
package io.annals.choreography.circuit;
