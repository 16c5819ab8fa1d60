package io.annals.command;

import io.annals.command.cache.StaleCachedAggregateException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CommandRetriesTest {

    private static final int MAX_RETRIES = 3;

    private final ScheduledExecutorService retryThread = Executors.newSingleThreadScheduledExecutor();
    private final CommandRetries testSubject = new CommandRetries(retryThread, MAX_RETRIES, 1);
    private final CommandMessage<?> command = GenericCommandMessage.asCommandMessage("a command");

    @AfterEach
    void stopRetryThread() {
        retryThread.shutdownNow();
    }

    @Test
    void aLostAppendRaceIsRetriedAfterABackoffThoughItsCauseIsTheSqlUniqueViolation() throws Exception {
        ConcurrencyException lostRace = new ConcurrencyException("sequence 1 already inserted",
                new SQLException("duplicate key value violates unique constraint", "23505"));
        CompletableFuture<Thread> dispatchedOn = new CompletableFuture<>();

        boolean retried = testSubject.scheduleRetry(command, lostRace, failures(1),
                () -> dispatchedOn.complete(Thread.currentThread()));

        assertThat(retried).isTrue();
        assertThat(dispatchedOn.get(10, TimeUnit.SECONDS)).as("on the retry thread").isNotSameAs(Thread.currentThread());
        assertThat(testSubject.scheduleRetry(command, lostRace, failures(MAX_RETRIES + 1), () -> { })).isFalse();
    }

    @Test
    void aDecisionOnAStaleCachedAggregateIsRetriedAtOnceOnTheCallingThread() {
        StaleCachedAggregateException stale = new StaleCachedAggregateException("order-1", 2L, 3);
        List<Thread> dispatchedOn = new ArrayList<>();

        boolean retried = testSubject.scheduleRetry(command, stale, failures(1),
                () -> dispatchedOn.add(Thread.currentThread()));

        assertThat(retried).isTrue();
        assertThat(dispatchedOn).as("run before scheduleRetry returned, on this thread")
                .containsExactly(Thread.currentThread());
        assertThat(testSubject.scheduleRetry(command, stale, failures(MAX_RETRIES + 1), () -> dispatchedOn.add(null)))
                .as("given up after the retries").isFalse();
        assertThat(dispatchedOn).hasSize(1);
    }

    @Test
    void aClientsVersionAheadOfTheCachedOneIsRetriedOnce() {
        VersionCheck.StaleAggregateException ahead = new VersionCheck.StaleAggregateException("sku-1", 5, 4);

        assertThat(testSubject.scheduleRetry(command, ahead, failures(1), () -> { })).isTrue();
        assertThat(testSubject.scheduleRetry(command, ahead, failures(2), () -> { })).isFalse();
    }

    @Test
    void everyOtherFailureGoesToTheCaller() {
        assertThat(testSubject.scheduleRetry(command, new IllegalStateException("a rule"), failures(1), () -> { }))
                .isFalse();
        assertThat(testSubject.scheduleRetry(command,
                new AggregateStreamCreationException("the sku exists"), failures(1), () -> { })).isFalse();
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Throwable>[]> failures(int count) {
        List<Class<? extends Throwable>[]> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            failures.add(new Class[]{RuntimeException.class});
        }
        return failures;
    }
}
