package io.annals.bench.workload.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class IntakeBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SOURCES = IntStream.range(0, 100)
            .mapToObj(i -> "bench-test-intake-s-user-" + i).toList();

    private final IntakeBodies testSubject = new IntakeBodies(SOURCES, IntakeMix.REALISTIC, 7, 1_765_000_000L);

    @Test
    void batchesHoldAboutOnePercentDuplicatesAndHalfAPercentMalformedEventsAndStayUnderOneMebibyte()
            throws IOException {
        List<BodyTemplate> cycle = testSubject.arrays(0, 8, 1_000);

        long duplicates = 0;
        long malformed = 0;
        for (BodyTemplate body : cycle) {
            assertThat(body.size()).isLessThan(IntakeBodies.MAX_BODY_BYTES);
            JsonNode events = JSON.readTree(body.render(42));
            assertThat(events.isArray()).isTrue();
            assertThat(events.size()).isEqualTo(1_000);
            duplicates += body.plan().duplicates();
            malformed += body.plan().rejectedIndices().length;
        }

        assertThat(duplicates).isBetween(50L, 130L);   // ~1 % of 8,000
        assertThat(malformed).isBetween(20L, 70L);     // ~0.5 % of 8,000
    }

    @Test
    void eachPlanIsWhatTheContractMakesOfItsBodyWhenTheClientsBodiesAreSentInOrder() throws IOException {
        FakeIntakeService service = new FakeIntakeService();
        List<BodyTemplate> cycle = testSubject.arrays(3, 6, 1_000);
        long[] plannedAccepted = new long[SOURCES.size()];
        long[] plannedDuplicates = new long[SOURCES.size()];

        for (BodyTemplate body : cycle) {
            IntakeAnswer answer = IntakeAnswer.parse(service.post(body.render(5)).body());
            assertThat(body.plan().matches(answer))
                    .as("planned %s, judged %s", body.plan().describe(), answer.describe()).isTrue();
            for (int i = 0; i < body.plan().sources().length; i++) {
                plannedAccepted[body.plan().sources()[i]] += body.plan().acceptedPerSource()[i];
                plannedDuplicates[body.plan().sources()[i]] += body.plan().duplicatesPerSource()[i];
            }
        }

        for (int s = 0; s < SOURCES.size(); s++) {
            assertThat(service.accepted(SOURCES.get(s))).as(SOURCES.get(s)).isEqualTo(plannedAccepted[s]);
            assertThat(service.duplicates(SOURCES.get(s))).as(SOURCES.get(s)).isEqualTo(plannedDuplicates[s]);
        }
    }

    @Test
    void duplicatesRepeatAValidEventOfTheSameSourceEarlierInTheBodyOrInAnEarlierBody() throws IOException {
        List<BodyTemplate> cycle = testSubject.arrays(1, 6, 1_000);
        Set<String> sentBefore = new HashSet<>();
        int insideTheBody = 0;
        int fromEarlierBodies = 0;

        for (BodyTemplate body : cycle) {
            Set<String> inThisBody = new HashSet<>();
            for (JsonNode event : JSON.readTree(body.render(0))) {
                if (FakeIntakeService.reason(event).isPresent()) {
                    continue;
                }
                String key = event.get("source_id").asText() + "/" + event.get("event_id").asText();
                if (inThisBody.contains(key)) {
                    insideTheBody++;
                } else if (sentBefore.contains(key)) {
                    fromEarlierBodies++;
                }
                inThisBody.add(key);
            }
            sentBefore.addAll(inThisBody);
        }

        assertThat(insideTheBody).isPositive();
        assertThat(fromEarlierBodies).isGreaterThan(insideTheBody);
    }

    @Test
    void everyMalformationOccursAndEachBreaksTheContractInItsOwnWay() throws IOException {
        Map<String, Integer> reasons = new HashMap<>();
        for (BodyTemplate body : testSubject.arrays(2, 8, 1_000)) {
            JsonNode events = JSON.readTree(body.render(1));
            for (int index : body.plan().rejectedIndices()) {
                Optional<String> reason = FakeIntakeService.reason(events.get(index));
                assertThat(reason).as("element %d: %s", index, events.get(index)).isPresent();
                reasons.merge(reason.get(), 1, Integer::sum);
            }
        }

        assertThat(reasons).containsOnlyKeys("not an object", "event_id missing", "event_id too long",
                "source_id missing", "source_id invalid", "timestamp not a number", "priority unknown",
                "load_indicator out of range", "metadata not an object", "metadata too deep");
    }

    @Test
    void validEventsCarrySmallMetadataOneToThreeLevelsDeep() throws IOException {
        Set<Integer> depths = new HashSet<>();
        for (JsonNode event : JSON.readTree(testSubject.arrays(0, 1, 1_000).get(0).render(0))) {
            if (FakeIntakeService.reason(event).isEmpty() && event.has("metadata")) {
                depths.add(FakeIntakeService.depth(event.get("metadata")));
            }
        }

        assertThat(depths).contains(1, 2, 3).allMatch(depth -> depth <= 4); // a tags array adds one level
    }

    @Test
    void everyRoundGivesFreshEventIdsOfTheSameLength() throws IOException {
        BodyTemplate body = testSubject.arrays(0, 1, 1_000).get(0);

        byte[] first = body.render(0);
        byte[] second = body.render(1);

        assertThat(second).hasSameSizeAs(first);
        assertThat(new String(second, StandardCharsets.US_ASCII)).doesNotContain("#");
        Set<String> firstIds = eventIds(first);
        Set<String> secondIds = eventIds(second);
        assertThat(firstIds).hasSizeGreaterThan(900).doesNotContainAnyElementsOf(secondIds);
    }

    @Test
    void singleEventBodiesAreOneObjectEachAndCleanWithoutAMix() throws IOException {
        IntakeBodies clean = new IntakeBodies(SOURCES, IntakeMix.CLEAN, 7, 1_765_000_000L);
        List<BodyTemplate> cycle = clean.singles(4, 500);

        Set<String> ids = new HashSet<>();
        for (BodyTemplate body : cycle) {
            JsonNode event = JSON.readTree(body.render(9));
            assertThat(event.isObject()).isTrue();
            assertThat(FakeIntakeService.reason(event)).isEmpty();
            assertThat(body.plan()).satisfies(plan -> {
                assertThat(plan.accepted()).isEqualTo(1);
                assertThat(plan.duplicates()).isZero();
                assertThat(plan.rejectedIndices()).isEmpty();
            });
            ids.add(event.get("event_id").asText());
        }
        assertThat(ids).hasSize(500);
    }

    @Test
    void clientsNeverShareAnEventId() throws IOException {
        Set<String> client0 = eventIds(testSubject.arrays(0, 1, 1_000).get(0).render(0));
        Set<String> client1 = eventIds(testSubject.arrays(1, 1, 1_000).get(0).render(0));

        assertThat(client0).doesNotContainAnyElementsOf(client1);
    }

    private static Set<String> eventIds(byte[] body) throws IOException {
        Set<String> ids = new HashSet<>();
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(body).elements().forEachRemaining(events::add);
        for (JsonNode event : events) {
            if (event.path("event_id").isTextual()) {
                ids.add(event.get("event_id").asText());
            }
        }
        return ids;
    }
}
