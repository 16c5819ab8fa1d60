package io.annals.bench.workload.intake;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Operation;
import io.annals.bench.load.Outcome;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The virtual users of an intake phase: client {@code c} sends its own bodies in order, round after round, and
 * moves on to the next body only once the service acknowledged the current one. A 429 (backpressure) is waited out
 * for its {@code Retry-After} and the same bytes are sent again, within the same operation, so an operation's latency
 * is the time until the body was acknowledged. Any other failure is reported as the operation's outcome and the same
 * body is sent again by the client's next operation.
 */
final class IntakeSender implements Operation {

    /** Sends one body; {@link AnnalsClient#post(String, byte[])} in the workloads, a fake in tests. */
    @FunctionalInterface
    interface Transport {
        AnnalsClient.Answer post(byte[] body) throws IOException, InterruptedException;
    }

    /** Waits; {@link Thread#sleep} in the workloads, a recorder in tests. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    /** After a failure other than a 429: long enough not to hammer a broken service, short against a phase. */
    static final Duration FAILURE_PAUSE = Duration.ofMillis(100);

    private final List<List<BodyTemplate>> bodiesPerClient;
    private final long[] nextBody;
    private final IntakeLedger ledger;
    private final Transport transport;
    private final Pause pause;
    private final AtomicLong firstPost = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastAck = new AtomicLong(Long.MIN_VALUE);

    /** @param bodiesPerClient each client's cycle of bodies, indexed by the phase's client index */
    IntakeSender(List<List<BodyTemplate>> bodiesPerClient, IntakeLedger ledger, Transport transport, Pause pause) {
        this.bodiesPerClient = List.copyOf(bodiesPerClient);
        this.nextBody = new long[bodiesPerClient.size()];
        this.ledger = ledger;
        this.transport = transport;
        this.pause = pause;
    }

    static Pause sleeping() {
        return duration -> Thread.sleep(duration.toMillis());
    }

    int clients() {
        return bodiesPerClient.size();
    }

    @Override
    public Outcome execute(int client, long sequence) throws IOException, InterruptedException {
        List<BodyTemplate> cycle = bodiesPerClient.get(client);
        long number = nextBody[client];
        BodyTemplate template = cycle.get((int) (number % cycle.size()));
        byte[] body = template.render(number / cycle.size());
        firstPost.accumulateAndGet(System.nanoTime(), Math::min);
        while (true) {
            AnnalsClient.Answer answer;
            try {
                answer = transport.post(body);
            } catch (IOException e) {
                ledger.failedAttempt();
                pause.sleep(FAILURE_PAUSE);
                throw e;
            }
            if (answer.status() / 100 == 2) {
                lastAck.accumulateAndGet(System.nanoTime(), Math::max);
                nextBody[client] = number + 1;
                acknowledge(template.plan(), answer);
                return Outcome.ok();
            }
            if (answer.status() == 429) {
                ledger.backpressured();
                pause.sleep(retryAfter(answer));
                continue;
            }
            ledger.failedAttempt();
            pause.sleep(FAILURE_PAUSE);
            return Outcome.status(answer.status());
        }
    }

    private void acknowledge(BodyPlan plan, AnnalsClient.Answer answer) {
        if (answer.status() != 202) {
            ledger.unreadable(plan, "status " + answer.status() + " instead of 202: " + answer.body());
            return;
        }
        IntakeAnswer parsed;
        try {
            parsed = IntakeAnswer.parse(answer.body());
        } catch (IllegalStateException e) {
            ledger.unreadable(plan, e.getMessage());
            return;
        }
        ledger.acknowledged(plan, parsed);
    }

    /** {@link System#nanoTime()} when the first body was sent, or empty if none was. */
    OptionalLong firstPostNanos() {
        long first = firstPost.get();
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }

    /** {@link System#nanoTime()} of the last acknowledgement, or empty if none came. */
    OptionalLong lastAckNanos() {
        long last = lastAck.get();
        return last == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(last);
    }

    /**
     * The wait a 429 asks for: {@code Retry-After} in seconds (fractions tolerated) or as an HTTP date; 1 s when it
     * is missing or unreadable, at most 30 s.
     */
    static Duration retryAfter(AnnalsClient.Answer answer) {
        Duration wait = answer.retryAfter().map(IntakeSender::parseRetryAfter).orElse(DEFAULT_RETRY_AFTER);
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    private static Duration parseRetryAfter(String value) {
        String trimmed = value.trim();
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(trimmed) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Duration.between(Instant.now(), at);
            } catch (DateTimeParseException notADate) {
                return DEFAULT_RETRY_AFTER;
            }
        }
    }
}
