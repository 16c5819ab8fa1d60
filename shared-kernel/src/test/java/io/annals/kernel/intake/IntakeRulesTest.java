package io.annals.kernel.intake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The intake rules as the README's table states them: each row here can be checked by hand against it. Shapes are
 * written {@code fields/depth/containers/bytes}.
 */
class IntakeRulesTest {

    private static final String PAYLOAD = "{\"event_id\":\"evt-001\",\"source_id\":\"service-a\",\"timestamp\":1670000000.0}";

    @ParameterizedTest(name = "[{index}] {0} {1} load={2} shape={3} → {4} ({5}): {6}")
    @CsvSource(delimiter = '|', textBlock = """
            # source       | priority | load | shape       | category    | confidence | why
            plain-feed     | MEDIUM   |      | 2/1/0/40    | USER        | 0.00       | no factor votes: the default
            user-portal    | LOW      |      | 2/1/0/40    | USER        | 0.20       | source contains user
            USER-Portal    | LOW      |      | 2/1/0/40    | USER        | 0.20       | source pattern ignores case
            billing        | CRITICAL |      | 2/1/0/40    | ALERT       | 1.00       | CRITICAL is ALERT
            user-app       | CRITICAL | 0.9  | 10/3/2/300  | ALERT       | 1.00       | CRITICAL is ALERT whatever the other factors vote
            billing        | HIGH     |      | 2/1/0/40    | SYSTEM      | 0.30       | HIGH votes SYSTEM
            billing        | MEDIUM   | 0.9  | 2/1/0/40    | MONITORING  | 0.25       | load above 0.8 votes MONITORING
            billing        | MEDIUM   | 0.81 | 2/1/0/40    | MONITORING  | 0.25       | just above 0.8
            billing        | MEDIUM   | 0.8  | 2/1/0/40    | SYSTEM      | 0.25       | 0.8 is not above 0.8: SYSTEM band
            billing        | MEDIUM   | 0.6  | 2/1/0/40    | SYSTEM      | 0.25       | load above 0.5 votes SYSTEM
            billing        | MEDIUM   | 0.5  | 2/1/0/40    | USER        | 0.00       | 0.5 is not above 0.5: no vote
            billing        | MEDIUM   |      | 10/3/2/300  | TRANSACTION | 0.25       | complexity 30/60 = 0.5 votes TRANSACTION
            billing        | MEDIUM   |      | 9/3/2/300   | USER        | 0.00       | complexity 29/60 is below 0.5: no vote
            Alert-Gateway  | LOW      |      | 2/1/0/40    | ALERT       | 0.20       | source contains alert
            infra-monitor  | LOW      |      | 2/1/0/40    | MONITORING  | 0.20       | source contains monitor
            SYSTEMD        | LOW      |      | 2/1/0/40    | SYSTEM      | 0.20       | source contains system
            user-alerts    | LOW      |      | 2/1/0/40    | ALERT       | 0.20       | alert is looked for before user
            billing        | MEDIUM   | 0.9  | 10/3/2/300  | MONITORING  | 0.25       | tie 25:25, MONITORING is more severe than TRANSACTION
            billing        | MEDIUM   | 0.6  | 10/3/2/300  | TRANSACTION | 0.25       | tie 25:25, TRANSACTION is more severe than SYSTEM
            user-app       | MEDIUM   | 0.6  | 10/3/2/300  | TRANSACTION | 0.25       | tie 25:25 with USER 20 behind
            system-bus     | MEDIUM   | 0.6  | 10/3/2/300  | SYSTEM      | 0.45       | the source name breaks the tie: 45 against 25
            infra-monitor  | HIGH     | 0.9  | 2/1/0/40    | MONITORING  | 0.45       | load and source (45) outvote HIGH (30)
            billing        | HIGH     |      | 10/3/2/300  | SYSTEM      | 0.30       | HIGH (30) outweighs complexity (25)
            system-bus     | HIGH     | 0.6  | 10/3/2/300  | SYSTEM      | 0.75       | priority, load and source agree
            """)
    void classifiesByTheWeightedVotesOfTheFourFactors(String source, IntakePriority priority, Double load, String shape,
                                                     IntakeCategory category, double confidence, String why) {
        IntakeEnrichment enrichment = IntakeRules.enrich(event(source, priority, load, shape(shape)));

        assertThat(enrichment.category()).as(why).isEqualTo(category);
        assertThat(enrichment.categoryConfidence()).as(why).isCloseTo(confidence, within(1e-9));
    }

    @Test
    void everyCategoryIsReachable() {
        Set<IntakeCategory> reached = EnumSet.noneOf(IntakeCategory.class);
        for (IntakePriority priority : IntakePriority.values()) {
            for (Double load : new Double[]{null, 0.6, 0.9}) {
                for (String shape : new String[]{"2/1/0/40", "10/3/2/300"}) {
                    reached.add(IntakeRules.enrich(event("billing", priority, load, shape(shape))).category());
                }
            }
        }

        assertThat(reached).containsExactlyInAnyOrder(IntakeCategory.values());
    }

    @Test
    void anAbsentPriorityOrMetadataIsClassifiedAsMediumWithoutMetadata() {
        assertThat(IntakeRules.enrich(event("billing", null, 0.6, null)))
                .isEqualTo(IntakeRules.enrich(event("billing", IntakePriority.MEDIUM, 0.6, MetadataShape.NONE)));
    }

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # shape                      | complexity   | why
            0/0/0/0                      | 0.0          | no metadata
            2/1/0/40                     | 0.1          | (2 + 4) / 60
            4/2/1/80                     | 0.266666667  | the seed's example: (4 + 8 + 4) / 60
            10/3/2/300                   | 0.5          | (10 + 12 + 8) / 60
            40/1/0/900                   | 0.4          | fields capped at 20: (20 + 4) / 60
            20/5/5/500                   | 1.0          | every part at its cap
            2147483647/16/2147483647/1   | 1.0          | huge shapes stay at 1
            -1/-1/-1/-1                  | 0.0          | nonsense counts as nothing
            """)
    void complexityIsPointsOutOfSixtyFromTheShapeAlone(String shape, double complexity, String why) {
        assertThat(IntakeRules.complexity(shape(shape))).as(why).isCloseTo(complexity, within(1e-9));
    }

    @Test
    void noShapeHasNoComplexity() {
        assertThat(IntakeRules.complexity(null)).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0} {1} load={2} shape={3} → {4}: {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # source    | priority | load | shape      | risk   | why
            billing     | LOW      |      | 0/0/0/0    | 0.0    | USER, nothing at all
            billing     | LOW      | 0.0  | 0/0/0/0    | 0.0    | a load of exactly 0 adds nothing
            billing     | MEDIUM   |      | 0/0/0/0    | 0.0833 | ¼ · ⅓
            billing     | HIGH     |      | 0/0/0/0    | 0.2292 | SYSTEM: ¼ · (⅔ + ¼)
            billing     | HIGH     | 0.6  | 0/0/0/0    | 0.3792 | SYSTEM: ¼ · (⅔ + 0.6 + ¼)
            billing     | LOW      | 1.0  | 0/0/0/0    | 0.4375 | MONITORING: ¼ · (1 + ¾), load exactly 1
            billing     | LOW      | 7.0  | 0/0/0/0    | 0.4375 | MONITORING: a load above 1 counts as 1
            billing     | LOW      | -5.0 | 0/0/0/0    | 0.0    | a load below 0 counts as 0
            billing     | CRITICAL | NaN  | 0/0/0/0    | 0.5    | ALERT: a load that is not a number counts as none
            billing     | MEDIUM   | 0.9  | 10/3/2/300 | 0.6208 | MONITORING: ¼ · (⅓ + 0.9 + 0.5 + ¾)
            billing     | CRITICAL |      | 4/2/1/80   | 0.5667 | ALERT: ¼ · (1 + 16/60 + 1)
            billing     | CRITICAL | 1.0  | 20/5/5/500 | 1.0    | every term at its maximum
            billing     | CRITICAL | 1.0  | 2147483647/16/2147483647/65536 | 1.0 | a huge shape cannot push it above 1
            """)
    void riskIsEqualQuartersOfPriorityLoadComplexityAndCategoryBonus(String source, IntakePriority priority, Double load,
                                                                     String shape, double risk, String why) {
        assertThat(IntakeRules.enrich(event(source, priority, load, shape(shape))).riskScore()).as(why).isEqualTo(risk);
    }

    @ParameterizedTest(name = "[{index}] {0} → bonus {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ALERT       | 1.0
            MONITORING  | 0.75
            TRANSACTION | 0.5
            SYSTEM      | 0.25
            USER        | 0.0
            """)
    void theCategoryBonusFallsByAQuarterPerSeverityRank(IntakeCategory category, double bonus) {
        assertThat(IntakeRules.riskScore(IntakePriority.LOW, 0.0, 0.0, category)).isEqualTo(bonus / 4);
    }

    @Test
    void riskAndConfidenceStayWithinZeroAndOneWhateverTheInput() {
        Double[] loads = {null, 0.0, 0.5, 0.8, 0.81, 1.0, -5.0, 7.0, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE};
        MetadataShape[] shapes = {MetadataShape.NONE, shape("10/3/2/300"), shape("-5/-5/-5/-5"),
                new MetadataShape(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE)};
        String[] sources = {"billing", "alert", "monitor", "system", "user", "", null};
        List<IntakeEnrichment> all = new ArrayList<>();
        for (IntakePriority priority : IntakePriority.values()) {
            for (Double load : loads) {
                for (MetadataShape shape : shapes) {
                    for (String source : sources) {
                        all.add(IntakeRules.enrich(event(source, priority, load, shape)));
                    }
                }
            }
        }

        assertThat(all).hasSize(4 * loads.length * shapes.length * sources.length).allSatisfy(enrichment -> {
            assertThat(enrichment.riskScore()).isBetween(0.0, 1.0);
            assertThat(enrichment.categoryConfidence()).isBetween(0.0, 1.0);
        });
    }

    @ParameterizedTest(name = "[{index}] {0} load={1} shape={2} → {3}: {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # priority | load | shape           | anomaly | why
            MEDIUM     | 0.3  | 4/2/1/80        | false   | an ordinary event
            CRITICAL   | 0.9  | 10/3/2/300      | true    | risk 0.85
            CRITICAL   | 0.5  | 10/3/2/300      | true    | risk exactly 0.75
            CRITICAL   | 0.46 | 10/3/2/300      | false   | risk 0.74
            CRITICAL   | 0.1  | 2/1/0/40        | true    | CRITICAL while the source is nearly idle (risk 0.55)
            CRITICAL   | 0.0  | 2/1/0/40        | true    | CRITICAL with a load of exactly 0
            CRITICAL   | 0.2  | 2/1/0/40        | false   | 0.2 is not below 0.2
            CRITICAL   |      | 2/1/0/40        | false   | no load indicator is not idle
            CRITICAL   | NaN  | 2/1/0/40        | false   | nor is a load that is not a number
            CRITICAL   | -1.0 | 2/1/0/40        | true    | a load below 0 counts as 0: idle
            HIGH       | 0.1  | 2/1/0/40        | false   | only CRITICAL is suspicious when idle
            MEDIUM     |      | 12/12/11/1000   | true    | depth 12 of the 16 allowed (risk 0.425)
            MEDIUM     |      | 12/11/11/1000   | false   | depth 11 (risk 0.425)
            MEDIUM     |      | 1/1/0/49152     | true    | 48 KiB of the 64 KiB allowed
            MEDIUM     |      | 1/1/0/49151     | false   | just under 48 KiB
            """)
    void anEventIsAnAnomalyWhenRiskyCriticalWhileIdleOrNearTheMetadataLimits(IntakePriority priority, Double load,
                                                                             String shape, boolean anomaly, String why) {
        assertThat(IntakeRules.enrich(event("billing", priority, load, shape(shape))).anomaly()).as(why).isEqualTo(anomaly);
    }

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            '{"event_id":"evt-001","source_id":"service-a","timestamp":1670000000.0}' | 2694e65e923c7e7d
            '{"note":"café ✓"}'                                                      | 9e43e5636553d8b5
            ''                                                                       | e3b0c44298fc1c14
            """)
    void theSignatureIsTheFirstSixteenHexDigitsOfTheUtf8PayloadsSha256(String payload, String signature) {
        assertThat(IntakeRules.signature(payload)).isEqualTo(signature);
    }

    @Test
    void theSamePayloadAlwaysHasTheSameSignatureAndAnotherPayloadAnother() {
        IntakeEnrichment first = IntakeRules.enrich(event("billing", IntakePriority.LOW, null, MetadataShape.NONE));
        IntakeEnrichment again = IntakeRules.enrich(new IntakeEventAccepted("other-source", 7, 70, "evt-9", BigDecimal.TEN,
                IntakePriority.CRITICAL, 0.9, MetadataShape.NONE, Instant.EPOCH, new String(PAYLOAD.toCharArray())));
        IntakeEnrichment other = IntakeRules.enrich(new IntakeEventAccepted("billing", 1, 10, "evt-001", BigDecimal.ONE,
                IntakePriority.LOW, null, MetadataShape.NONE, Instant.EPOCH, PAYLOAD.replace("001", "002")));

        assertThat(again.processingSignature()).isEqualTo(first.processingSignature()).matches("[0-9a-f]{16}");
        assertThat(other.processingSignature()).isNotEqualTo(first.processingSignature());
    }

    private static IntakeEventAccepted event(String source, IntakePriority priority, Double load, MetadataShape shape) {
        return new IntakeEventAccepted(source, 1, 1, "evt-001", BigDecimal.valueOf(1_670_000_000L), priority, load, shape,
                Instant.parse("2026-01-01T00:00:00Z"), PAYLOAD);
    }

    /** {@code fields/depth/containers/bytes}, as the tables write a shape. */
    private static MetadataShape shape(String text) {
        String[] parts = text.split("/");
        return new MetadataShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                Integer.parseInt(parts[3]));
    }
}
