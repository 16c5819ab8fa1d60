/**
 * The event fan-out: every stored event published, in order and at least once, to the brokers other services read
 * (Redis Streams, Kafka). Each target is a pooled streaming processor of its own ({@code fanout-redis},
 * {@code fanout-kafka}) whose token advances only after the broker acknowledged the batch.
 */
package io.annals.app.fanout;
