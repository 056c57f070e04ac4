package dev.lmzip.model.fixed;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {
    @Test
    void everyIndexRunsExactlyOnceInAlignedChunks() throws Exception {
        for (int threads = 1; threads <= 4; threads++) {
            try (Parallel p = new Parallel(threads)) {
                for (int n : new int[] {0, 1, 15, 16, 31, 32, 33, 100, 688, 8192}) {
                    for (int align : new int[] {1, 16, 256}) {
                        AtomicIntegerArray seen = new AtomicIntegerArray(n);
                        int a = align;
                        p.forRange(n, align, (from, to) -> {
                            assertTrue(from % a == 0 && from < to && to <= n, from + ".." + to);
                            for (int i = from; i < to; i++) {
                                seen.incrementAndGet(i);
                            }
                        });
                        for (int i = 0; i < n; i++) {
                            assertEquals(1, seen.get(i), "threads " + threads + " n " + n + " align " + align + " index " + i);
                        }
                    }
                }
                // workers park after a pause and must wake for the next region
                Thread.sleep(5);
                AtomicIntegerArray seen = new AtomicIntegerArray(64);
                p.forRange(64, 1, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < 64; i++) {
                    assertEquals(1, seen.get(i));
                }
            }
        }
    }

    @Test
    void aWorkerFailureReachesTheCaller() {
        try (Parallel p = new Parallel(2)) {
            assertThrows(RuntimeException.class, () -> p.forRange(1000, 1, (from, to) -> {
                if (from > 0) {
                    throw new IllegalArgumentException("boom");
                }
            }));
            int[] count = new int[1];
            p.forRange(10, 1, (from, to) -> {
                synchronized (count) {
                    count[0] += to - from;
                }
            });
            assertEquals(10, count[0]);
        }
    }
}
