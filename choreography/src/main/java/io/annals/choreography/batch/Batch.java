package io.annals.choreography.batch;

import java.util.List;
import java.util.Set;

/** One batch of items of one type and one tag group, highest priority first. */
public record Batch(String batchId, String type, Set<String> tags, List<BatchItem> items) {
}
