package io.annals.command.lock;

import org.axonframework.common.lock.DeadlockException;
import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AggregateLocksTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** A second thread that takes and releases its locks itself, as a command's unit of work does. */
    private final ExecutorService otherThread = Executors.newSingleThreadExecutor();
    private final AggregateLocks testSubject = new AggregateLocks(Duration.ofSeconds(10), Duration.ofMillis(10));

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
        otherThread.shutdownNow();
    }

    @Test
    void aSecondThreadWaitsUntilTheHolderReleases() throws Exception {
        Lock held = testSubject.obtainLock("sku-1");
        Future<Lock> waiter = otherThread.submit(() -> testSubject.obtainLock("sku-1"));
        awaitWaiters(1, "sku-1");

        assertThat(waiter).isNotDone();
        held.release();

        Lock taken = waiter.get(5, TimeUnit.SECONDS);
        assertThat(held.isHeld()).isFalse();
        otherThread.submit(taken::release).get(5, TimeUnit.SECONDS);
        assertThat(testSubject.size()).isZero();
    }

    @Test
    void locksOfDifferentAggregatesDoNotWaitForEachOther() throws Exception {
        Lock first = testSubject.obtainLock("sku-1");
        Lock second = otherThread.submit(() -> testSubject.obtainLock("sku-2")).get(5, TimeUnit.SECONDS);

        assertThat(first.isHeld()).isTrue();
        assertThat(testSubject.size()).isEqualTo(2);
        first.release();
        otherThread.submit(second::release).get(5, TimeUnit.SECONDS);
        assertThat(testSubject.size()).isZero();
    }

    @Test
    void theHolderMayTakeItsLockAgainAndKeepsItUntilTheLastRelease() throws Exception {
        Lock outer = testSubject.obtainLock("sku-1");
        Lock inner = testSubject.obtainLock("sku-1");
        inner.release();
        inner.release();

        assertThat(inner.isHeld()).isFalse();
        assertThat(outer.isHeld()).isTrue();
        Future<Lock> waiter = otherThread.submit(() -> testSubject.obtainLock("sku-1"));
        awaitWaiters(1, "sku-1");
        assertThat(waiter).isNotDone();

        outer.release();
        Lock taken = waiter.get(5, TimeUnit.SECONDS);
        otherThread.submit(taken::release).get(5, TimeUnit.SECONDS);
        assertThat(testSubject.size()).isZero();
    }

    @Test
    void aWaiterGivesUpAfterTheTimeoutAndLeavesNothingBehind() {
        AggregateLocks shortWait = new AggregateLocks(Duration.ofMillis(50), Duration.ofMillis(10));
        Lock held = shortWait.obtainLock("sku-1");

        assertThatThrownBy(() -> threads.submit(() -> shortWait.obtainLock("sku-1")).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LockAcquisitionFailedException.class)
                .hasMessageContaining("sku-1");
        assertThat(held.isHeld()).isTrue();
        held.release();
        assertThat(shortWait.size()).isZero();
    }

    @Test
    void twoThreadsWaitingForEachOthersLockAreToldOfTheDeadlock() throws Exception {
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        CompletableFuture<Throwable> first = lockBothInOrder("order-a", "order-b", bothHoldOne);
        CompletableFuture<Throwable> second = lockBothInOrder("order-b", "order-a", bothHoldOne);

        Throwable firstOutcome = first.get(5, TimeUnit.SECONDS);
        Throwable secondOutcome = second.get(5, TimeUnit.SECONDS);

        assertThat(Arrays.asList(firstOutcome, secondOutcome)).filteredOn(DeadlockException.class::isInstance).isNotEmpty();
        assertThat(testSubject.size()).isZero();
    }

    @Test
    void manyWritersOnOneAggregateRunOneAtATime() throws Exception {
        int writers = 16;
        int incrementsEach = 2_000;
        long[] counter = {0};
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            done.add(threads.submit(() -> {
                for (int n = 0; n < incrementsEach; n++) {
                    Lock lock = testSubject.obtainLock("hot-sku");
                    try {
                        counter[0]++;
                    } finally {
                        lock.release();
                    }
                }
            }));
        }
        for (Future<?> writer : done) {
            writer.get(30, TimeUnit.SECONDS);
        }

        assertThat(counter[0]).isEqualTo((long) writers * incrementsEach);
        assertThat(testSubject.size()).isZero();
    }

    /** Takes {@code first}, waits until the other thread holds its first lock too, then takes {@code second}. */
    private CompletableFuture<Throwable> lockBothInOrder(String first, String second, CountDownLatch bothHoldOne) {
        return CompletableFuture.supplyAsync(() -> {
            Lock outer = testSubject.obtainLock(first);
            try {
                bothHoldOne.countDown();
                bothHoldOne.await(5, TimeUnit.SECONDS);
                testSubject.obtainLock(second).release();
                return null;
            } catch (RuntimeException | InterruptedException failure) {
                return failure;
            } finally {
                outer.release();
            }
        }, threads);
    }

    private void awaitWaiters(int count, String identifier) {
        await().atMost(Duration.ofSeconds(5)).until(() -> testSubject.waitersFor(identifier) == count);
    }
}
