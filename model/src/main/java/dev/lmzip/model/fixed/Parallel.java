package dev.lmzip.model.fixed;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits independent output rows over threads. Work is divided by output row, never inside one
 * reduction, so the thread count cannot change any sum.
 *
 * <p>A decode step of a small model is a few dozen parallel regions of 10–100 µs each, so handing
 * work to an executor (park, unpark, futures) costs more than it saves. Here each region is a
 * list of row chunks that every thread, the caller included, takes from a shared counter until
 * none is left, so a worker that wakes late or runs slow only takes fewer chunks. Idle workers
 * spin for a short while (like OpenMP's blocktime) and only then park.
 */
final class Parallel implements AutoCloseable {
    interface RangeTask {
        void run(int from, int to);
    }

    /** How long an idle worker spins before it parks (nanoseconds). */
    private static final long SPIN_NANOS = 500_000;
    /** Chunks per thread: enough to even out a late start, few enough to keep chunks large. */
    private static final int CHUNKS_PER_THREAD = 2;

    /** One parallel region; immutable but for its counters, so a late worker can never mix two regions. */
    private static final class Region {
        final RangeTask task;
        final int n;
        final int chunk;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Region(RangeTask task, int n, int chunk) {
            this.task = task;
            this.n = n;
            this.chunk = chunk;
            this.chunks = (n + chunk - 1) / chunk;
        }

        /** Runs chunks until none is left. */
        void work() {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                int from = c * chunk;
                try {
                    task.run(from, Math.min(n, from + chunk));
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    /** Published between regions so that idle workers hold no task (and through it no engine or arrays). */
    private static final Region IDLE = new Region((from, to) -> { }, 0, 1);

    private final int threads;
    private final Worker[] workers;
    private volatile Region current = IDLE;
    private volatile boolean closed;

    private final class Worker extends Thread {
        volatile boolean parked;

        Worker(int index) {
            super("lmzip-engine-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            Region seen = null;
            while (!closed) {
                long start = System.nanoTime();
                Region r;
                int spins = 0;
                while ((r = current) == seen && !closed) {
                    if ((++spins & 63) == 0 && System.nanoTime() - start > SPIN_NANOS) {
                        parked = true;
                        if (current == seen && !closed) {
                            LockSupport.park(this);
                        }
                        parked = false;
                    } else {
                        Thread.onSpinWait();
                    }
                }
                seen = r;
                if (r != IDLE) {
                    r.work();
                }
            }
        }
    }

    Parallel(int threads) {
        this.threads = threads;
        this.workers = new Worker[Math.max(0, threads - 1)];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker(w + 1);
            workers[w].start();
        }
    }

    int threads() {
        return threads;
    }

    /** Runs {@code task} over [0, n) in chunks aligned to {@code align}; the caller's thread works too. */
    synchronized void forRange(int n, int align, RangeTask task) {
        if (n <= 0) {
            return;
        }
        if (workers.length == 0 || n < 2 * align) {
            task.run(0, n);
            return;
        }
        int chunks = Math.min(threads * CHUNKS_PER_THREAD, (n + align - 1) / align);
        int chunk = ((n + chunks - 1) / chunks + align - 1) / align * align;
        Region r = new Region(task, n, chunk);
        current = r;
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w);
            }
        }
        r.work();
        long spins = 0;
        while (r.done.get() != r.chunks) {
            if (++spins < 1_000_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        current = IDLE;
        if (Thread.currentThread().isInterrupted()) {
            // the frame's work was cancelled (a reader closed early): stop here, as an executor would
            throw new IllegalStateException("interrupted");
        }
        Throwable f = r.failure;
        if (f != null) {
            throw new IllegalStateException("engine worker failed: " + f, f);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }
}
