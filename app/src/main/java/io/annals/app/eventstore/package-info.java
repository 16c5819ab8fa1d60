/** Axon's event store on PostgreSQL: JDBC storage engine, Jackson serializers, commit-signalled event source. */
package io.annals.app.eventstore;
