package dev.lmzip.codec.io;

import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Worker threads plus reusable predictor batches (a batch holds model tables worth keeping
 * between frames). Cheap predictors get one worker per thread; a predictor that parallelises
 * inside its batch gets one worker.
 */
final class BatchPool implements AutoCloseable {
    private final Predictor predictor;
    private final int lanes;
    private final ExecutorService executor;
    private final int workers;
    private final ConcurrentLinkedQueue<PredictorBatch> idle = new ConcurrentLinkedQueue<>();
    private final List<PredictorBatch> all = new ArrayList<>();

    BatchPool(Predictor predictor, int lanes, int threads) {
        this.predictor = predictor;
        this.lanes = lanes;
        this.workers = predictor.concurrentBatches() ? threads : 1;
        this.executor = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "lmzip-worker");
            t.setDaemon(true);
            return t;
        });
    }

    int workers() {
        return workers;
    }

    int lanes() {
        return lanes;
    }

    ExecutorService executor() {
        return executor;
    }

    PredictorBatch take() {
        PredictorBatch b = idle.poll();
        if (b == null) {
            b = predictor.newBatch(lanes);
            synchronized (all) {
                all.add(b);
            }
        }
        return b;
    }

    void give(PredictorBatch b) {
        idle.add(b);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        synchronized (all) {
            for (PredictorBatch b : all) {
                b.close();
            }
            all.clear();
        }
    }
}
