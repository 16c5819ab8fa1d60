package io.annals.bench.workload.intake;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IntakeChecksTest {

    private static final List<String> SOURCES = List.of("src-a", "src-b", "src-c");

    /** Two acknowledged bodies: 5 + 3 new events for a, 4 for b, none for c; 2 duplicates of a; 1 malformed. */
    private static IntakeLedger ledger() {
        IntakeLedger ledger = new IntakeLedger(SOURCES.size());
        ledger.acknowledged(new BodyPlan(8, 7, 1, new int[0], new int[]{0, 1}, new int[]{3, 4}, new int[]{1, 0}),
                new IntakeAnswer(7, 1, new int[0]));
        ledger.acknowledged(new BodyPlan(8, 5, 1, new int[]{6}, new int[]{0}, new int[]{5}, new int[]{1}),
                new IntakeAnswer(5, 1, new int[]{6}));
        return ledger;
    }

    private static Map<String, SourceView> consistentViews() {
        Map<String, SourceView> views = new HashMap<>();
        views.put("src-a", new SourceView("src-a", 8, 2, 8));
        views.put("src-b", new SourceView("src-b", 4, 0, 4));
        return views;
    }

    private static Map<String, Boolean> verdicts(IntakeLedger ledger, Map<String, SourceView> views) {
        Map<String, Boolean> passed = new HashMap<>();
        IntakeChecks.judge(SOURCES, ledger, views).forEach(v -> passed.put(v.name(), v.passed()));
        return passed;
    }

    @Test
    void aReadModelThatHoldsExactlyWhatWasAcknowledgedPassesEveryCheck() {
        assertThat(verdicts(ledger(), consistentViews())).containsOnlyKeys("answers as planned",
                "read model complete", "gapless per source", "accepted total", "duplicates counted",
                "rejects counted").doesNotContainValue(false);
    }

    @Test
    void aGapInASourcesSequenceFails() {
        Map<String, SourceView> views = consistentViews();
        views.put("src-b", new SourceView("src-b", 4, 0, 5));

        assertThat(verdicts(ledger(), views)).containsEntry("gapless per source", false)
                .containsEntry("read model complete", true);
    }

    @Test
    void aSourceShortOfItsAcceptedEventsFailsCompletenessAndTheTotal() {
        Map<String, SourceView> views = consistentViews();
        views.put("src-a", new SourceView("src-a", 7, 2, 7));

        assertThat(verdicts(ledger(), views)).containsEntry("read model complete", false)
                .containsEntry("accepted total", false).containsEntry("gapless per source", true);
    }

    @Test
    void aMissingSourceIsIncomplete() {
        Map<String, SourceView> views = consistentViews();
        views.remove("src-b");

        assertThat(verdicts(ledger(), views)).containsEntry("read model complete", false);
    }

    @Test
    void aDuplicateCountedOnceTooOftenOrTooRarelyFails() {
        Map<String, SourceView> views = consistentViews();
        views.put("src-a", new SourceView("src-a", 8, 3, 8));
        assertThat(verdicts(ledger(), views)).containsEntry("duplicates counted", false);

        views.put("src-a", new SourceView("src-a", 8, 1, 8));
        assertThat(verdicts(ledger(), views)).containsEntry("duplicates counted", false);
    }

    @Test
    void answersThatDifferFromThePlanFailEvenWhenTheReadModelAgreesWithThem() {
        IntakeLedger ledger = ledger();
        ledger.acknowledged(new BodyPlan(2, 1, 0, new int[]{1}, new int[]{2}, new int[]{1}, new int[]{0}),
                new IntakeAnswer(2, 0, new int[0]));
        Map<String, SourceView> views = consistentViews();
        views.put("src-c", new SourceView("src-c", 1, 0, 1));

        assertThat(verdicts(ledger, views)).containsEntry("answers as planned", false)
                .containsEntry("rejects counted", false).containsEntry("accepted total", false)
                .containsEntry("read model complete", true);
    }

    @Test
    void aSourcesListingMustRunOneTwoThreeInGlobalOrder() {
        List<IntakeChecks.ListedEvent> ordered = List.of(new IntakeChecks.ListedEvent("src-a", 1, 10),
                new IntakeChecks.ListedEvent("src-a", 2, 14), new IntakeChecks.ListedEvent("src-a", 3, 90));
        List<IntakeChecks.ListedEvent> swapped = List.of(new IntakeChecks.ListedEvent("src-a", 2, 10),
                new IntakeChecks.ListedEvent("src-a", 1, 14));
        List<IntakeChecks.ListedEvent> gap = List.of(new IntakeChecks.ListedEvent("src-a", 1, 10),
                new IntakeChecks.ListedEvent("src-a", 3, 14));
        List<IntakeChecks.ListedEvent> globalBackwards = List.of(new IntakeChecks.ListedEvent("src-a", 1, 10),
                new IntakeChecks.ListedEvent("src-a", 2, 9));
        List<IntakeChecks.ListedEvent> foreign = List.of(new IntakeChecks.ListedEvent("src-b", 1, 10));

        assertThat(IntakeChecks.sourcePage("src-a", ordered).passed()).isTrue();
        assertThat(IntakeChecks.sourcePage("src-a", swapped).passed()).isFalse();
        assertThat(IntakeChecks.sourcePage("src-a", gap).passed()).isFalse();
        assertThat(IntakeChecks.sourcePage("src-a", globalBackwards).passed()).isFalse();
        assertThat(IntakeChecks.sourcePage("src-a", foreign).passed()).isFalse();
        assertThat(IntakeChecks.sourcePage("src-a", List.of()).passed()).isFalse();
    }
}
