/**
 * The provider steps of order fulfilment: each reacts to the order's request (payment, refund, shipment,
 * confirmation), calls its provider behind the circuit breaker and retry, outside any saga transaction or aggregate
 * lock, and records the answer as events the fulfilment saga reacts to. An open circuit is recorded as a postponement
 * (the saga retries with a deadline), never waited out on a thread.
 */
package io.annals.choreography.step;
