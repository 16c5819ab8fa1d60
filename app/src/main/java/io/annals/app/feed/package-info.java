/**
 * The live feed ({@code GET /api/stream}): every event of the event store from a position on, then new ones as they
 * commit, as Server-Sent Events to each client through its own bounded buffer.
 */
package io.annals.app.feed;
