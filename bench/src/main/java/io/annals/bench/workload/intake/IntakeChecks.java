package io.annals.bench.workload.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What must hold once the read model is complete, judged from the bench's ledger and the service's source views;
 * pure, so it can be tested on made-up answers.
 */
final class IntakeChecks {

    /** How many offending sources a failed check names. */
    static final int EXAMPLES = 5;

    record Verdict(String name, boolean passed, String detail) {
    }

    /** One item of {@code GET /api/intake/events?source=X}, reduced to what the ordering check needs. */
    record ListedEvent(String sourceId, long sourceSequence, long globalSequence) {
    }

    private IntakeChecks() {
    }

    static List<Verdict> judge(List<String> sources, IntakeLedger ledger, Map<String, SourceView> views) {
        List<Verdict> verdicts = new ArrayList<>();
        verdicts.add(answersAsPlanned(ledger));
        List<String> incomplete = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        long serviceAccepted = 0;
        long serviceDuplicates = 0;
        for (int s = 0; s < sources.size(); s++) {
            String source = sources.get(s);
            SourceView view = views.get(source);
            long accepted = view == null ? 0 : view.accepted();
            long lastSequence = view == null ? 0 : view.lastSequence();
            serviceAccepted += accepted;
            serviceDuplicates += view == null ? 0 : view.duplicates();
            if (accepted != ledger.expectedAccepted(s)) {
                incomplete.add(source + " accepted " + accepted + " (expected " + ledger.expectedAccepted(s) + ")");
            }
            if (lastSequence != accepted) {
                gaps.add(source + " last_sequence " + lastSequence + " for " + accepted + " accepted");
            }
        }
        verdicts.add(new Verdict("read model complete", incomplete.isEmpty(), incomplete.isEmpty()
                ? "every source's accepted equals what the bench's acknowledged bodies planned for it ("
                + ledger.totalExpectedAccepted() + " events over " + sources.size() + " sources)"
                : incomplete.size() + " sources differ, e.g. " + examples(incomplete)));
        verdicts.add(new Verdict("gapless per source", gaps.isEmpty(), gaps.isEmpty()
                ? "every source's last_sequence equals its accepted count (1..n)"
                : gaps.size() + " sources, e.g. " + examples(gaps)));
        boolean totalMatches = serviceAccepted == ledger.answeredAccepted();
        verdicts.add(new Verdict("accepted total", totalMatches, "sources' accepted sum to " + serviceAccepted
                + ", the answers acknowledged " + ledger.answeredAccepted() + caveat(ledger)));
        boolean duplicatesMatch = serviceDuplicates == ledger.totalInjectedDuplicates()
                && ledger.answeredDuplicates() == ledger.totalInjectedDuplicates();
        verdicts.add(new Verdict("duplicates counted", duplicatesMatch, "injected " + ledger.totalInjectedDuplicates()
                + ", answers counted " + ledger.answeredDuplicates() + ", sources count " + serviceDuplicates
                + caveat(ledger)));
        boolean rejectsMatch = ledger.answeredRejected() == ledger.injectedMalformed();
        verdicts.add(new Verdict("rejects counted", rejectsMatch, "injected " + ledger.injectedMalformed()
                + " malformed events, answers rejected " + ledger.answeredRejected()));
        return verdicts;
    }

    private static Verdict answersAsPlanned(IntakeLedger ledger) {
        long unexpected = ledger.unexpectedAnswers();
        return new Verdict("answers as planned", unexpected == 0, unexpected == 0
                ? "all " + ledger.acknowledgedBodies() + " acknowledged bodies answered with the planned accepted, "
                + "duplicates and rejected indices"
                : unexpected + " of " + ledger.acknowledgedBodies() + " answers differed; first: "
                + ledger.firstUnexpected());
    }

    /**
     * A page of one source's events in the listing's order (by {@code global_sequence}): the source's own, its
     * {@code source_sequence} 1, 2, 3 … and {@code global_sequence} strictly increasing alongside.
     */
    static Verdict sourcePage(String source, List<ListedEvent> page) {
        Optional<String> problem = pageProblem(source, page);
        return new Verdict("listing ordered", problem.isEmpty(), problem.orElse(
                "first " + page.size() + " events of " + source + ": source_sequence 1.." + page.size()
                        + ", global_sequence increasing"));
    }

    private static Optional<String> pageProblem(String source, List<ListedEvent> page) {
        if (page.isEmpty()) {
            return Optional.of("no events listed for " + source);
        }
        for (int i = 0; i < page.size(); i++) {
            ListedEvent event = page.get(i);
            if (!source.equals(event.sourceId())) {
                return Optional.of("item " + i + " of " + source + "'s page belongs to " + event.sourceId());
            }
            if (event.sourceSequence() != i + 1) {
                return Optional.of("item " + i + " of " + source + " has source_sequence " + event.sourceSequence()
                        + ", expected " + (i + 1));
            }
            if (i > 0 && event.globalSequence() <= page.get(i - 1).globalSequence()) {
                return Optional.of("item " + i + " of " + source + " has global_sequence " + event.globalSequence()
                        + " after " + page.get(i - 1).globalSequence());
            }
        }
        return Optional.empty();
    }

    private static String caveat(IntakeLedger ledger) {
        return ledger.failedAttempts() == 0 ? "" : " (" + ledger.failedAttempts()
                + " attempts failed otherwise than by 429 and were sent again: a lost answer may have stored a body)";
    }

    private static String examples(List<String> items) {
        return String.join("; ", items.subList(0, Math.min(EXAMPLES, items.size())));
    }
}
