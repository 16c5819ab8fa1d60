/** The durable batcher: items queued in PostgreSQL and processed in batches by size or age; claims survive crashes. */
package io.annals.choreography.batch;
