package io.annals.app.snapshot;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Snapshots (issue 3): after every 100 events (the default) an aggregate is snapshotted, and loading it reads the
 * snapshot plus the events after it, not its whole history. Temporal reads still see every event.
 */
@EndToEndTest
class SnapshotTest {

    private static final int RESTOCKS = 120;
    private static final int SNAPSHOT_EVERY = 100;

    private final ApiClient testSubject;
    private final EventStore eventStore;
    private final Cache aggregateCache;
    private final JdbcTemplate jdbc;

    SnapshotTest(@LocalServerPort int port, @Autowired EventStore eventStore,
                 @Autowired @Qualifier("aggregateCache") Cache aggregateCache, @Autowired JdbcTemplate jdbc) {
        testSubject = ApiClient.onPort(port);
        this.eventStore = eventStore;
        this.aggregateCache = aggregateCache;
        this.jdbc = jdbc;
    }

    @Test
    void aProductWithManyEventsLoadsFromItsSnapshotAndStaysRight() {
        String sku = testSubject.registerProduct("snapshot", 0);
        for (int i = 0; i < RESTOCKS; i++) {
            Answer restocked = testSubject.restock(sku, 1);
            assertThat(restocked.status()).as(restocked.body()).isEqualTo(200);
        }
        long lastVersion = RESTOCKS;

        long snapshotAt = await("a snapshot of " + sku).atMost(Duration.ofSeconds(30))
                .until(() -> latestSnapshot(sku), version -> version != null);

        assertThat(snapshotAt).isBetween((long) SNAPSHOT_EVERY - 1, lastVersion);
        List<DomainEventMessage<?>> loaded = read(eventStore.readEvents(sku));
        List<DomainEventMessage<?>> everything = read(eventStore.readEvents(sku, 0));
        assertThat(everything).hasSize(RESTOCKS + 1);
        assertThat(everything).extracting(message -> message.getPayloadType().getSimpleName())
                .containsOnly("ProductRegistered", "ProductRestocked");
        assertThat(loaded.get(0).getPayloadType().getSimpleName()).as("loading starts at the snapshot")
                .isEqualTo("Product");
        assertThat(loaded.get(0).getSequenceNumber()).isEqualTo(snapshotAt);
        assertThat(loaded).hasSize(1 + (int) (lastVersion - snapshotAt)).hasSizeLessThan(everything.size());

        aggregateCache.remove(sku);
        Answer afterLoadFromSnapshot = testSubject.restock(sku, 5);

        assertThat(afterLoadFromSnapshot.status()).as(afterLoadFromSnapshot.body()).isEqualTo(200);
        assertThat(afterLoadFromSnapshot.json().path("version").asLong()).isEqualTo(lastVersion + 1);
        assertThat(testSubject.productAtLeast(sku, lastVersion + 1).path("available").asLong())
                .isEqualTo(RESTOCKS + 5);
        assertThat(state(sku, lastVersion + 1).path("available").asLong()).isEqualTo(RESTOCKS + 5);
        assertThat(state(sku, 50).path("available").asLong()).as("a state before the snapshot").isEqualTo(50);
        assertThat(testSubject.events(sku).json()).hasSize(RESTOCKS + 2);
    }

    private Long latestSnapshot(String sku) {
        return jdbc.queryForObject("""
                SELECT max(sequence_number) FROM snapshot_event_entry
                WHERE aggregate_identifier = ?""", Long.class, sku);
    }

    private JsonNode state(String sku, long version) {
        Answer answer = testSubject.get("/api/products/" + sku + "/state?atVersion=" + version);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static List<DomainEventMessage<?>> read(DomainEventStream stream) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        stream.forEachRemaining(messages::add);
        return messages;
    }
}
