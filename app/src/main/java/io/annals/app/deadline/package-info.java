/** Persistent deadlines: Axon's DbSchedulerDeadlineManager on db-scheduler's PostgreSQL table. */
package io.annals.app.deadline;
