package io.annals.choreography.batch;

import io.annals.choreography.batch.BatchQueue.Counts;
import io.annals.choreography.batch.BatchQueue.TypeStats;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The batcher's state (ADMIN, API.md "operations"). Counts come from the database, so every node answers the same:
 * delivered batches and failures since the queue exists, items waiting and parked now. {@code processors} are the
 * types with a processor on the answering node.
 */
@RestController
@RequestMapping("/api/admin/batches")
@Tag(name = "Operations")
class BatchAdminController {

    private final JdbcDurableBatcher batcher;
    private final BatchQueue queue;

    BatchAdminController(JdbcDurableBatcher batcher, BatchQueue queue) {
        this.batcher = batcher;
        this.queue = queue;
    }

    /**
     * @param pendingByType items not yet delivered (waiting or in a batch being processed), per type
     * @param parkedByType  items that failed {@code max-attempts} times and wait for an operator, per type
     */
    record BatchesStatus(long totalBatches, SortedMap<String, Long> pendingByType,
                         SortedMap<String, Long> parkedByType, List<String> processors,
                         SortedMap<String, TypeStatus> byType) {
    }

    record TypeStatus(long batches, long events, double avgBatchSize, long failures) {
    }

    @Operation(summary = "The durable batcher: batches delivered, items pending and parked, per type")
    @GetMapping
    BatchesStatus status() {
        Set<String> processors = new TreeSet<>(batcher.processorTypes());
        Map<String, Counts> counts = queue.countsByType();
        Map<String, TypeStats> stats = queue.statsByType();

        SortedMap<String, Long> pending = new TreeMap<>();
        SortedMap<String, Long> parked = new TreeMap<>();
        processors.forEach(type -> pending.put(type, 0L));
        counts.forEach((type, count) -> {
            if (count.waiting() > 0 || processors.contains(type)) {
                pending.put(type, count.waiting());
            }
            if (count.parked() > 0) {
                parked.put(type, count.parked());
            }
        });

        SortedMap<String, TypeStatus> byType = new TreeMap<>();
        processors.forEach(type -> byType.put(type, new TypeStatus(0, 0, 0, 0)));
        stats.forEach((type, typeStats) -> byType.put(type, new TypeStatus(typeStats.batches(), typeStats.events(),
                typeStats.batches() == 0 ? 0 : (double) typeStats.events() / typeStats.batches(),
                typeStats.failures())));
        long totalBatches = stats.values().stream().mapToLong(TypeStats::batches).sum();
        return new BatchesStatus(totalBatches, pending, parked, List.copyOf(processors), byType);
    }
}
