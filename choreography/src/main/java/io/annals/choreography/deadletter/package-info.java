/** What dead-letter queues share across modules: the schema of Flyway's dead-letter tables. */
package io.annals.choreography.deadletter;
