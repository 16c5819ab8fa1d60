package io.annals.app.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs the same work on several threads at once, for the concurrency rules of API.md. */
public final class Parallel {

    private static final long TIMEOUT_MINUTES = 5;

    private Parallel() {
    }

    /** Runs {@code work} on {@code threads} threads at once and gathers everything they answered. */
    public static <T> List<T> gather(int threads, Callable<List<T>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<T>>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(work));
            }
            List<T> answers = new ArrayList<>();
            for (Future<List<T>> future : futures) {
                answers.addAll(future.get(TIMEOUT_MINUTES, TimeUnit.MINUTES));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs each task on its own thread, all released together by a barrier so they really overlap, and answers their
     * results in the order of {@code tasks}.
     */
    public static <T> List<T> atOnce(List<Callable<T>> tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await(1, TimeUnit.MINUTES);
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(TIMEOUT_MINUTES, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@link #atOnce(List)} with the same task {@code threads} times. */
    public static <T> List<T> atOnce(int threads, Callable<T> task) throws Exception {
        List<Callable<T>> tasks = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            tasks.add(task);
        }
        return atOnce(tasks);
    }
}
