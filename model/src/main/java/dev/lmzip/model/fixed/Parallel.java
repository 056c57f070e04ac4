package dev.lmzip.model.fixed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits independent output rows over threads. Work is divided by output row, never inside one
 * reduction, so the thread count cannot change any sum.
 */
final class Parallel implements AutoCloseable {
    interface RangeTask {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    Parallel(int threads) {
        this.threads = threads;
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "lmzip-engine");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    int threads() {
        return threads;
    }

    /** Runs {@code task} over [0, n) in chunks aligned to {@code align}; the caller's thread works too. */
    void forRange(int n, int align, RangeTask task) {
        if (pool == null || n < 2 * align) {
            task.run(0, n);
            return;
        }
        int chunks = Math.min(threads * 4, (n + align - 1) / align);
        int per = ((n + chunks - 1) / chunks + align - 1) / align * align;
        List<Future<?>> futures = new ArrayList<>();
        int first = Math.min(n, per);
        for (int from = first; from < n; from += per) {
            int f = from;
            int t = Math.min(n, from + per);
            futures.add(pool.submit(() -> task.run(f, t)));
        }
        task.run(0, first);
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("engine worker failed: " + e.getCause(), e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
