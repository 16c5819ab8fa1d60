/**
 * The order-fulfilment choreography: sagas, provider gateways behind circuit breakers and the durable batcher.
 * Not built yet (issue 6); the module exists so the dependency rules of ARCHITECTURE.md hold from the start.
 */
package io.annals.choreography;
