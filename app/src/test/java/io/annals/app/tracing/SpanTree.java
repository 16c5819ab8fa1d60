package io.annals.app.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** One trace's spans as an indented tree, for a failing assertion's message and the test's output. */
final class SpanTree {

    private static final List<String> SHOWN = List.of("axon_aggregate_identifier", "annals.processing_group",
            "annals.segment", "annals.batch_size", "uri", "batch.size");

    private SpanTree() {
    }

    static String of(List<SpanData> spans) {
        Set<String> ids = spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        Map<String, List<SpanData>> children = spans.stream()
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
                .collect(Collectors.groupingBy(s -> ids.contains(s.getParentSpanId()) ? s.getParentSpanId() : "",
                        Collectors.toList()));
        StringBuilder tree = new StringBuilder();
        children.getOrDefault("", List.of()).forEach(root -> append(tree, root, children, 0));
        return tree.toString();
    }

    private static void append(StringBuilder tree, SpanData span, Map<String, List<SpanData>> children, int depth) {
        tree.append("  ".repeat(depth)).append(depth == 0 ? "" : "└─ ").append(span.getName())
                .append(" [").append(span.getKind()).append(']');
        SHOWN.forEach(key -> {
            String value = span.getAttributes().get(AttributeKey.stringKey(key));
            if (value != null) {
                tree.append(' ').append(key).append('=').append(value);
            }
        });
        if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
            tree.append(" ERROR");
        }
        tree.append('\n');
        children.getOrDefault(span.getSpanId(), List.of()).forEach(child -> append(tree, child, children, depth + 1));
    }
}
