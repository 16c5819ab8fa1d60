package io.annals.command.lock;

import org.axonframework.common.lock.DeadlockException;
import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.common.lock.LockFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The per-aggregate locks of this node's repositories: a command holds its aggregate's lock from load to commit, so
 * commands on one aggregate run one after the other, and a waiting command fails after {@code timeout}
 * ({@link LockAcquisitionFailedException}) or as soon as it would close a cycle of threads waiting for each other's
 * locks ({@link DeadlockException}). Locks are reentrant; a lock exists while a thread holds or waits for it.
 *
 * <p>Written by hand because Axon 4's {@code PessimisticLockFactory} retires a lock at every release, also while
 * threads are queued on it: each of them then wakes on the retired lock, finds it closed and queues again on a new
 * one. With 32 writers on one product that is dozens of wake-ups per command, and writers on a single aggregate
 * reached 176 commands/s (bench {@code conflict}). Here a release hands the lock straight to the next waiter: the
 * entry is removed only when its count of holders and waiters, kept under the map's per-key lock, drops to zero.
 *
 * <p>Only a thread that already holds a lock (a saga's transaction sending commands to several aggregates) can be part
 * of a deadlock, so only such a thread waits in slices and checks between them; any other waiter keeps its place in
 * the queue for the whole wait.
 */
public final class AggregateLocks implements LockFactory {

    private final Map<String, Entry> locks = new ConcurrentHashMap<>();
    /** The lock each blocked thread is waiting for: the edges of the wait-for graph the deadlock check walks. */
    private final Map<Thread, Entry> waiting = new ConcurrentHashMap<>();
    /** How many locks of this factory the current thread holds (reentrant holds counted once each). */
    private final ThreadLocal<int[]> heldByThisThread = ThreadLocal.withInitial(() -> new int[1]);
    private final long timeoutNanos;
    private final long deadlockCheckNanos;

    /**
     * @param timeout            how long a command waits for its aggregate's lock
     * @param deadlockCheckEvery how often a waiting thread checks whether it waits in a cycle
     */
    public AggregateLocks(Duration timeout, Duration deadlockCheckEvery) {
        if (timeout.isNegative() || timeout.isZero() || deadlockCheckEvery.isNegative() || deadlockCheckEvery.isZero()) {
            throw new IllegalArgumentException("lock timeout and deadlock check interval must be positive");
        }
        this.timeoutNanos = timeout.toNanos();
        this.deadlockCheckNanos = deadlockCheckEvery.toNanos();
    }

    @Override
    public Lock obtainLock(String identifier) {
        Entry entry = locks.compute(identifier, (id, existing) -> (existing == null ? new Entry(id) : existing).use());
        try {
            acquire(entry);
        } catch (RuntimeException | Error failure) {
            leave(entry);
            throw failure;
        }
        heldByThisThread.get()[0]++;
        return new Held(entry);
    }

    /** Locks of aggregates some thread holds or waits for (0 when the node is idle: no entry outlives its use). */
    int size() {
        return locks.size();
    }

    /** Threads waiting for the lock of this aggregate. */
    long waitersFor(String identifier) {
        return waiting.values().stream().filter(entry -> entry.identifier.equals(identifier)).count();
    }

    private void acquire(Entry entry) {
        if (entry.lock.tryLock()) {
            return;
        }
        Thread me = Thread.currentThread();
        waiting.put(me, entry);
        try {
            long deadline = System.nanoTime() + timeoutNanos;
            boolean mayDeadlock = heldByThisThread.get()[0] > 0;
            boolean cycleSeen = false;
            while (!entry.lock.tryLock(mayDeadlock ? Math.min(deadlockCheckNanos, deadline - System.nanoTime())
                    : deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new LockAcquisitionFailedException("lock of aggregate " + entry.identifier
                            + " not acquired within " + Duration.ofNanos(timeoutNanos));
                }
                // the walk reads each edge at a different moment: a cycle counts once it is seen twice in a row
                boolean cycle = waitsInCycle(me, entry);
                if (cycle && cycleSeen) {
                    throw new DeadlockException("waiting for the lock of aggregate " + entry.identifier
                            + " would deadlock: its holder waits for a lock this thread holds");
                }
                cycleSeen = cycle;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new LockAcquisitionFailedException("interrupted while waiting for the lock of aggregate "
                    + entry.identifier, interrupted);
        } finally {
            waiting.remove(me);
        }
    }

    /** Follows holder → lock it waits for → its holder ...; a path back to {@code me} is a deadlock. */
    private boolean waitsInCycle(Thread me, Entry wanted) {
        Entry next = wanted;
        for (int hops = 0; next != null && hops <= waiting.size(); hops++) {
            Thread holder = next.lock.holder();
            if (holder == null) {
                return false;
            }
            if (holder == me) {
                return true;
            }
            next = waiting.get(holder);
        }
        return false;
    }

    private void leave(Entry entry) {
        locks.compute(entry.identifier, (id, existing) -> existing.leave());
    }

    private final class Held implements Lock {

        private final Entry entry;
        private boolean released;

        private Held(Entry entry) {
            this.entry = entry;
        }

        @Override
        public void release() {
            if (released) {
                return;
            }
            entry.lock.unlock();
            released = true;
            heldByThisThread.get()[0]--;
            leave(entry);
        }

        @Override
        public boolean isHeld() {
            return !released && entry.lock.isHeldByCurrentThread();
        }
    }

    private static final class Entry {

        private final String identifier;
        private final OwnerVisibleLock lock = new OwnerVisibleLock();
        /** Holders and waiters; read and changed only inside {@code locks.compute} for this identifier. */
        private int users;

        private Entry(String identifier) {
            this.identifier = identifier;
        }

        private Entry use() {
            users++;
            return this;
        }

        /** @return this entry, or {@code null} (removing it from the map) when no one holds or waits for it */
        private Entry leave() {
            return --users == 0 ? null : this;
        }
    }

    private static final class OwnerVisibleLock extends ReentrantLock {

        private Thread holder() {
            return getOwner();
        }
    }
}
