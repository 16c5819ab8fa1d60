/**
 * Tracing: Boot's Micrometer Tracing on the OpenTelemetry SDK for HTTP (server and provider calls), Axon's spans on
 * the same SDK for commands, events, processors, sagas and deadlines, switched on by an OTLP endpoint.
 */
package io.annals.app.tracing;
