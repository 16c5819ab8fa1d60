package io.annals.command.intake;

import io.annals.kernel.intake.IntakePriority;
import io.annals.kernel.intake.MetadataShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every field rule of API.md's intake event, one row each. */
class IntakeValidationTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private final IntakeValidation testSubject = new IntakeValidation(JSON);

    private IntakeValidation.Verdict judge(String json) {
        return testSubject.judge(3, JSON.readTree(json));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("[]", "event", null),
                Arguments.of("\"text\"", "event", null),
                Arguments.of("{\"source_id\":\"s\",\"timestamp\":1}", "event_id", null),
                Arguments.of("{\"event_id\":null,\"source_id\":\"s\",\"timestamp\":1}", "event_id", null),
                Arguments.of("{\"event_id\":12,\"source_id\":\"s\",\"timestamp\":1}", "event_id", null),
                Arguments.of("{\"event_id\":\"\",\"source_id\":\"s\",\"timestamp\":1}", "event_id", null),
                Arguments.of("{\"event_id\":\"" + "e".repeat(129) + "\",\"source_id\":\"s\",\"timestamp\":1}",
                        "event_id", null),
                Arguments.of("{\"event_id\":\"e\",\"timestamp\":1}", "source_id", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":5,\"timestamp\":1}", "source_id", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"a b\",\"timestamp\":1}", "source_id", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"" + "s".repeat(65) + "\",\"timestamp\":1}",
                        "source_id", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"s\"}", "timestamp", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":\"1\"}", "timestamp", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":-1}", "timestamp", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":true}", "timestamp", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":1,\"priority\":\"high\"}",
                        "priority", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":1,\"priority\":2}",
                        "priority", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":1,\"load_indicator\":1.01}",
                        "load_indicator", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":1,\"load_indicator\":-0.1}",
                        "load_indicator", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":1,\"load_indicator\":\"0.5\"}",
                        "load_indicator", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":1,\"metadata\":\"x\"}",
                        "metadata", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":1,\"metadata\":"
                        + "[1]".repeat(1) + "}", "metadata", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":1,\"metadata\":"
                        + "{\"a\":".repeat(16) + "[1]" + "}".repeat(16) + "}", "metadata", "e"),
                Arguments.of("{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":1,\"metadata\":{\"a\":\""
                        + "x".repeat(64 * 1024) + "\"}}", "metadata", "e"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void aMalformedEventIsRejectedNamingItsField(String json, String field, String eventId) {
        IntakeValidation.Verdict verdict = judge(json);

        assertThat(verdict).isInstanceOf(IntakeValidation.Invalid.class);
        IntakeRejection rejection = ((IntakeValidation.Invalid) verdict).rejection();
        assertThat(rejection.index()).isEqualTo(3);
        assertThat(rejection.field()).isEqualTo(field);
        assertThat(rejection.reason()).startsWith(field + ": ");
        assertThat(rejection.eventId()).isEqualTo(eventId);
    }

    @Test
    void aFullEventIsValidWithItsShapeAndPayloadAsSubmitted() {
        String json = "{\"event_id\":\"e-1\",\"source_id\":\"svc.a_1-b\",\"timestamp\":1670000000.50,"
                + "\"priority\":\"CRITICAL\",\"load_indicator\":1,\"metadata\":{\"a\":1,\"b\":{\"c\":[1,{\"d\":2}]}},"
                + "\"extra\":{\"kept\":true}}";

        IntakeValidation.Verdict verdict = judge(json);

        assertThat(verdict).isInstanceOf(IntakeValidation.Valid.class);
        IntakeEvent event = ((IntakeValidation.Valid) verdict).event();
        assertThat(event.index()).isEqualTo(3);
        assertThat(event.sourceId()).isEqualTo("svc.a_1-b");
        assertThat(event.priority()).isEqualTo(IntakePriority.CRITICAL);
        assertThat(event.loadIndicator()).isEqualTo(1.0);
        assertThat(event.timestamp()).isEqualByComparingTo("1670000000.5");
        // fields a, b, c-array's object d: 4 keys; levels: metadata, b, c's array, its object: 4; nested: 3
        assertThat(event.metadata()).isEqualTo(new MetadataShape(4, 4, 3, 29));
        assertThat(JSON.readTree(event.payload())).isEqualTo(JSON.readTree(json));
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() {
        IntakeValidation.Verdict verdict = judge("{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":0,"
                + "\"priority\":null,\"load_indicator\":null,\"metadata\":null}");

        IntakeEvent event = ((IntakeValidation.Valid) verdict).event();
        assertThat(event.priority()).isEqualTo(IntakePriority.MEDIUM);
        assertThat(event.loadIndicator()).isNull();
        assertThat(event.metadata()).isEqualTo(MetadataShape.NONE);
    }

    @Test
    void metadataSixteenLevelsDeepIsTheLimit() {
        String sixteen = "{\"event_id\":\"e\",\"source_id\":\"s\",\"timestamp\":1,\"metadata\":"
                + "{\"a\":".repeat(15) + "{}" + "}".repeat(15) + "}";

        assertThat(judge(sixteen)).isInstanceOf(IntakeValidation.Valid.class);
    }
}
