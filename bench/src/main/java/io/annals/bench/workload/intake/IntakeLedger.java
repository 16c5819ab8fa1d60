package io.annals.bench.workload.intake;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the bench sent and what the service answered, per source, counted from acknowledged (202) bodies only: a 429
 * stores nothing, so a body that was refused and then sent again counts once, when it is acknowledged.
 *
 * <p>Thread-safe; updated once per acknowledged body, which is far too rarely for the atomics to contend.
 */
final class IntakeLedger {

    private final AtomicLongArray expectedAccepted;
    private final AtomicLongArray injectedDuplicates;
    private final LongAdder injectedMalformed = new LongAdder();
    private final LongAdder answeredAccepted = new LongAdder();
    private final LongAdder answeredDuplicates = new LongAdder();
    private final LongAdder answeredRejected = new LongAdder();
    private final LongAdder acknowledgedBodies = new LongAdder();
    private final LongAdder backpressured = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private final LongAdder unexpectedAnswers = new LongAdder();
    private final AtomicReference<String> firstUnexpected = new AtomicReference<>();

    IntakeLedger(int sources) {
        this.expectedAccepted = new AtomicLongArray(sources);
        this.injectedDuplicates = new AtomicLongArray(sources);
    }

    /** A body was acknowledged with a 202 and this answer. */
    void acknowledged(BodyPlan plan, IntakeAnswer answer) {
        countSent(plan);
        answeredAccepted.add(answer.accepted());
        answeredDuplicates.add(answer.duplicates());
        answeredRejected.add(answer.rejectedIndices().length);
        if (!plan.matches(answer)) {
            unexpectedAnswers.increment();
            firstUnexpected.compareAndSet(null, "expected " + plan.describe() + "; answered " + answer.describe());
        }
    }

    /**
     * A body was acknowledged but the answer could not be read (or was not a 202): what it planned is counted as
     * sent, since the service stored it, and the answer is reported as unexpected.
     */
    void unreadable(BodyPlan plan, String problem) {
        countSent(plan);
        unexpectedAnswers.increment();
        firstUnexpected.compareAndSet(null, problem);
    }

    /** A 429: the service stored nothing and the body will be sent again. */
    void backpressured() {
        backpressured.increment();
    }

    /**
     * Any other failure (another status, a transport error): the body will be sent again; unlike a 429, the
     * contract does not promise that a 5xx or a lost answer stored nothing, so the exact checks may then fail.
     */
    void failedAttempt() {
        failedAttempts.increment();
    }

    private void countSent(BodyPlan plan) {
        acknowledgedBodies.increment();
        for (int i = 0; i < plan.sources().length; i++) {
            expectedAccepted.addAndGet(plan.sources()[i], plan.acceptedPerSource()[i]);
            injectedDuplicates.addAndGet(plan.sources()[i], plan.duplicatesPerSource()[i]);
        }
        injectedMalformed.add(plan.rejectedIndices().length);
    }

    int sources() {
        return expectedAccepted.length();
    }

    long expectedAccepted(int source) {
        return expectedAccepted.get(source);
    }

    long injectedDuplicates(int source) {
        return injectedDuplicates.get(source);
    }

    long totalExpectedAccepted() {
        long sum = 0;
        for (int s = 0; s < expectedAccepted.length(); s++) {
            sum += expectedAccepted.get(s);
        }
        return sum;
    }

    long totalInjectedDuplicates() {
        long sum = 0;
        for (int s = 0; s < injectedDuplicates.length(); s++) {
            sum += injectedDuplicates.get(s);
        }
        return sum;
    }

    long injectedMalformed() {
        return injectedMalformed.sum();
    }

    long answeredAccepted() {
        return answeredAccepted.sum();
    }

    long answeredDuplicates() {
        return answeredDuplicates.sum();
    }

    long answeredRejected() {
        return answeredRejected.sum();
    }

    long acknowledgedBodies() {
        return acknowledgedBodies.sum();
    }

    long backpressuredAttempts() {
        return backpressured.sum();
    }

    long failedAttempts() {
        return failedAttempts.sum();
    }

    long unexpectedAnswers() {
        return unexpectedAnswers.sum();
    }

    String firstUnexpected() {
        return firstUnexpected.get();
    }
}
