/**
 * The order-fulfilment choreography, one package per capability:
 * <ul>
 *     <li>{@code fulfilment} — the saga that routes an order through stock, payment and shipping, its journal,
 *     dead letters and admin API;</li>
 *     <li>{@code provider} — the ports to the payment, shipping and notification providers, their HTTP adapters;</li>
 *     <li>{@code circuit} — the circuit breakers and retries the provider calls go through, with their admin API,
 *     health and metrics;</li>
 *     <li>{@code batch} — the durable batcher (a PostgreSQL-backed queue flushed by size or age);</li>
 *     <li>{@code sandbox} — built-in stand-in providers for demos and tests.</li>
 * </ul>
 */
package io.annals.choreography;
