package io.annals.bench.workload.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates one client's request bodies for {@code POST /api/intake/events}, each with the plan of what the service
 * must answer to it.
 *
 * <p>A duplicate always repeats a valid event of the same client: one earlier in the same body, or one in an earlier
 * body of the same cycle. A client sends its bodies in order and only moves on after a 202, so the original is
 * stored before its duplicate arrives, whatever the other clients do; and since event ids carry the client, no other
 * client can make one of ours a duplicate. That makes each answer predictable exactly. Malformed events carry ids
 * of their own, never repeated, so a rejection cannot turn a later event into a duplicate or the other way round.
 */
final class IntakeBodies {

    static final int MAX_EVENT_ID = 128;
    static final int MAX_METADATA_DEPTH = 16;
    static final int MAX_BODY_BYTES = 1 << 20;
    static final int MAX_EVENTS_PER_BODY = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PRIORITIES = {"LOW", "MEDIUM", "HIGH", "CRITICAL"};

    private final List<String> sources;
    private final IntakeMix mix;
    private final long seed;
    private final long timestamp;

    /**
     * @param sources   the source ids events are spread over, uniformly
     * @param seed      makes the bodies reproducible
     * @param timestamp epoch seconds around which the events' {@code timestamp}s lie
     */
    IntakeBodies(List<String> sources, IntakeMix mix, long seed, long timestamp) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no sources");
        }
        this.sources = List.copyOf(sources);
        this.mix = mix;
        this.seed = seed;
        this.timestamp = timestamp;
    }

    /** {@code count} JSON arrays of {@code eventsPerBody} events each, in the order the client sends them. */
    List<BodyTemplate> arrays(int client, int count, int eventsPerBody) {
        if (eventsPerBody < 1 || eventsPerBody > MAX_EVENTS_PER_BODY) {
            throw new IllegalArgumentException("events per body must be 1.." + MAX_EVENTS_PER_BODY);
        }
        return new Cycle(client, true).bodies(count, eventsPerBody);
    }

    /** {@code count} bodies of one event object each (not in an array). */
    List<BodyTemplate> singles(int client, int count) {
        return new Cycle(client, false).bodies(count, 1);
    }

    private record Original(int source, ObjectNode event) {
    }

    /** One client's cycle of bodies; remembers its valid events so that later ones can repeat them. */
    private final class Cycle {

        private final int client;
        private final boolean arrays;
        private final Random random;
        private final List<Original> earlier = new ArrayList<>();
        private final Malformation[] malformations;
        private int malformedSoFar;

        Cycle(int client, boolean arrays) {
            this.client = client;
            this.arrays = arrays;
            this.random = new Random(seed * 31 + client);
            this.malformations = Arrays.stream(Malformation.values())
                    .filter(m -> arrays || m.allowedAlone()).toArray(Malformation[]::new);
        }

        List<BodyTemplate> bodies(int count, int eventsPerBody) {
            List<BodyTemplate> bodies = new ArrayList<>(count);
            for (int body = 0; body < count; body++) {
                bodies.add(body(body, eventsPerBody));
            }
            return bodies;
        }

        private BodyTemplate body(int body, int events) {
            ArrayNode elements = JSON.createArrayNode();
            List<Original> inBody = new ArrayList<>();
            int[] accepted = new int[sources.size()];
            int[] duplicates = new int[sources.size()];
            List<Integer> rejected = new ArrayList<>();
            for (int index = 0; index < events; index++) {
                double draw = random.nextDouble();
                if (draw < mix.malformedRate()) {
                    Malformation malformation = malformations[malformedSoFar++ % malformations.length];
                    elements.add(malformation.spoil(validEvent(eventId(body, index), random.nextInt(sources.size()))));
                    rejected.add(index);
                } else if (draw < mix.malformedRate() + mix.duplicateRate()
                        && (!inBody.isEmpty() || !earlier.isEmpty())) {
                    boolean inside = earlier.isEmpty()
                            || !inBody.isEmpty() && random.nextDouble() < mix.inBatchDuplicateShare();
                    List<Original> pool = inside ? inBody : earlier;
                    Original original = pool.get(random.nextInt(pool.size()));
                    elements.add(original.event().deepCopy());
                    duplicates[original.source()]++;
                } else {
                    int source = random.nextInt(sources.size());
                    ObjectNode event = validEvent(eventId(body, index), source);
                    elements.add(event);
                    inBody.add(new Original(source, event));
                    accepted[source]++;
                }
            }
            earlier.addAll(inBody);
            byte[] bytes = serialize(arrays ? elements : elements.get(0));
            if (bytes.length > MAX_BODY_BYTES) {
                throw new IllegalStateException("body of " + bytes.length + " bytes is over the 1 MiB limit");
            }
            return new BodyTemplate(bytes, plan(events, accepted, duplicates, rejected));
        }

        private String eventId(int body, int index) {
            return String.format(Locale.ROOT, "c%03d-r%s-b%05d-%04d", client, BodyTemplate.PLACEHOLDER, body, index);
        }

        private ObjectNode validEvent(String eventId, int source) {
            ObjectNode event = JSON.createObjectNode();
            event.put("event_id", eventId);
            event.put("source_id", sources.get(source));
            event.put("timestamp", timestamp - random.nextInt(60));
            if (random.nextInt(10) < 9) {
                event.put("priority", PRIORITIES[random.nextInt(PRIORITIES.length)]);
            }
            if (random.nextInt(10) < 8) {
                event.put("load_indicator", random.nextInt(1001) / 1000.0);
            }
            if (random.nextInt(10) < 8) {
                event.set("metadata", metadata(1 + random.nextInt(3)));
            }
            if (random.nextInt(4) == 0) {
                event.put("region", "eu-" + random.nextInt(3)); // an unknown field, kept as it is
            }
            return event;
        }

        /** A small metadata object {@code levels} deep (the object itself is level 1). */
        private ObjectNode metadata(int levels) {
            ObjectNode metadata = JSON.createObjectNode();
            metadata.put("user_id", "u-" + random.nextInt(100_000));
            if (random.nextBoolean()) {
                metadata.put("attempt", random.nextInt(5));
            }
            if (random.nextInt(4) == 0) {
                metadata.putArray("tags").add("t" + random.nextInt(10)).add("t" + random.nextInt(10));
            }
            if (levels > 1) {
                metadata.set(random.nextBoolean() ? "session" : "context", metadata(levels - 1));
            }
            return metadata;
        }
    }

    private static BodyPlan plan(int events, int[] acceptedBySource, int[] duplicatesBySource, List<Integer> rejected) {
        int touched = 0;
        for (int s = 0; s < acceptedBySource.length; s++) {
            if (acceptedBySource[s] + duplicatesBySource[s] > 0) {
                touched++;
            }
        }
        int[] sources = new int[touched];
        int[] accepted = new int[touched];
        int[] duplicates = new int[touched];
        int next = 0;
        for (int s = 0; s < acceptedBySource.length; s++) {
            if (acceptedBySource[s] + duplicatesBySource[s] > 0) {
                sources[next] = s;
                accepted[next] = acceptedBySource[s];
                duplicates[next] = duplicatesBySource[s];
                next++;
            }
        }
        return new BodyPlan(events, Arrays.stream(accepted).sum(), Arrays.stream(duplicates).sum(),
                rejected.stream().mapToInt(Integer::intValue).toArray(), sources, accepted, duplicates);
    }

    private static byte[] serialize(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
