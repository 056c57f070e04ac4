package dev.lmzip.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed pool of worker threads that splits an index range into contiguous pieces, one per thread.
 * Work is always split by output rows (or heads, or batch items): no single reduction is ever split across
 * threads, so results are bit-identical for any thread count.
 */
public final class Par implements AutoCloseable {
    /** Body of a parallel loop over {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    public Par(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "lmzip-train");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code body} over {@code [0, n)} split into at most {@code threads} contiguous pieces. */
    public void forRange(int n, Range body) {
        forRange(n, 1, body);
    }

    /** As {@link #forRange(int, Range)}, with piece boundaries at multiples of {@code grain}. */
    public void forRange(int n, int grain, Range body) {
        if (n <= 0) {
            return;
        }
        int blocks = (n + grain - 1) / grain;
        int parts = Math.min(threads, blocks);
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = Math.min(n, (int) ((long) blocks * p / parts) * grain);
            int to = Math.min(n, (int) ((long) blocks * (p + 1) / parts) * grain);
            futures.add(pool.submit(() -> body.run(from, to)));
        }
        body.run(0, Math.min(n, (int) ((long) blocks / parts) * grain));
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (failure == null) {
                    failure = c instanceof RuntimeException r ? r : new IllegalStateException(c);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
