package dev.lmzip.bench.reliability;

import dev.lmzip.codec.LmzException;
import dev.lmzip.codec.bytemodel.ByteContextModel;
import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.io.LmzOptions;
import dev.lmzip.codec.io.LmzOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mutation fuzzing of valid {@code .lmz} containers at scale: each case mutates one of a few
 * containers (bit flips, a random byte, truncation, a spliced piece of another container, a deleted
 * range, a run of 0x00/0xFF over a field) and decodes it. A case passes when it yields the original
 * bytes or a typed {@link LmzException}; anything else (another exception, an Error, wrong output
 * accepted) is a crash, and a case running longer than the hang limit is a hang. Case {@code c}
 * uses its own generator seeded from (seed, c), so any case replays alone.
 */
public final class Fuzz {
    /** The outcome of a run. */
    public record Result(long seed, long from, long cases, long identical, long typed, long crashes, long hangs,
                         long nanos, List<String> firstProblems, int threads) {
        public boolean clean() {
            return crashes == 0 && hangs == 0;
        }
    }

    private final List<byte[]> raws = new ArrayList<>();
    private final List<byte[]> containers = new ArrayList<>();

    public Fuzz() throws IOException {
        byte[] text = new TextGenerator(11, 6000).readAllBytes();
        raws.add(new byte[0]);
        raws.add(new byte[] {42});
        raws.add(Arrays.copyOf(text, 3000));
        raws.add(Arrays.copyOf(text, 4500)); // several 1 KiB frames
        byte[] noise = new byte[2500];
        new SplittableRandom(4).nextBytes(noise);
        raws.add(noise); // stored frames
        for (int i = 0; i < raws.size(); i++) {
            containers.add(compress(raws.get(i), i != 3)); // one without the frame index
        }
    }

    static byte[] compress(byte[] raw, boolean index) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        LmzOptions o = LmzOptions.defaults().predictor(new ByteContextModel()).frameSizeLog(10).threads(1).index(index);
        try (LmzOutputStream out = new LmzOutputStream(bos, o)) {
            out.write(raw);
        }
        return bos.toByteArray();
    }

    /**
     * Runs cases {@code from .. from+cases-1} on {@code threads} threads.
     *
     * @param hangMillis a case running longer is a hang (the run stops there)
     */
    public Result run(long seed, long from, long cases, int threads, long hangMillis, PrintStream log) throws InterruptedException {
        AtomicLong next = new AtomicLong(from);
        long end = from + cases;
        AtomicLong identical = new AtomicLong();
        AtomicLong typed = new AtomicLong();
        AtomicLong crashes = new AtomicLong();
        AtomicLong hangs = new AtomicLong();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] caseStart = new long[threads];
        long[] caseId = new long[threads];
        AtomicReference<Boolean> stop = new AtomicReference<>(false);
        Thread[] workers = new Thread[threads];
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int me = t;
            workers[t] = Thread.ofPlatform().daemon().name("fuzz-" + t).start(() -> {
                while (!stop.get()) {
                    long c = next.getAndIncrement();
                    if (c >= end) {
                        break;
                    }
                    caseId[me] = c;
                    caseStart[me] = System.nanoTime();
                    Outcome o = runCase(seed, c);
                    caseStart[me] = 0;
                    switch (o.kind) {
                        case IDENTICAL -> identical.incrementAndGet();
                        case TYPED -> typed.incrementAndGet();
                        case CRASH -> {
                            crashes.incrementAndGet();
                            if (problems.size() < 10) {
                                problems.add("case " + c + ": " + o.detail);
                            }
                        }
                    }
                }
            });
        }
        long lastLog = System.nanoTime();
        while (true) {
            boolean alive = false;
            for (Thread w : workers) {
                w.join(200);
                alive |= w.isAlive();
            }
            if (!alive) {
                break;
            }
            long now = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                long s = caseStart[t];
                if (s != 0 && now - s > hangMillis * 1_000_000L) {
                    hangs.incrementAndGet();
                    problems.add("case " + caseId[t] + ": no result after " + hangMillis + " ms (hang)");
                    stop.set(true);
                    caseStart[t] = 0;
                }
            }
            if (stop.get()) {
                break; // a hung worker is a daemon thread: abandoned
            }
            if (log != null && now - lastLog > 30_000_000_000L) {
                lastLog = now;
                long done = Math.min(next.get(), end) - from;
                log.printf(Locale.ROOT, "fuzz: %,d / %,d cases, %d crash(es)%n", done, cases, crashes.get());
            }
        }
        long done = identical.get() + typed.get() + crashes.get();
        return new Result(seed, from, done, identical.get(), typed.get(), crashes.get(), hangs.get(),
                System.nanoTime() - t0, List.copyOf(problems), threads);
    }

    enum Kind { IDENTICAL, TYPED, CRASH }

    record Outcome(Kind kind, String detail) {
    }

    /** One case, replayable on its own. */
    Outcome runCase(long seed, long c) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + c * 0xBF58476D1CE4E5B9L);
        int which = rnd.nextInt(containers.size());
        byte[] mutated = mutate(containers.get(which), containers, rnd);
        try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(mutated), LmzInputStream.builtIn(), 1)) {
            byte[] out = in.readAllBytes();
            if (Arrays.equals(out, raws.get(which))) {
                return new Outcome(Kind.IDENTICAL, "");
            }
            return new Outcome(Kind.CRASH, "wrong output accepted (" + out.length + " bytes)");
        } catch (LmzException e) {
            return new Outcome(Kind.TYPED, e.getClass().getSimpleName());
        } catch (Throwable t) {
            return new Outcome(Kind.CRASH, t.toString());
        }
    }

    /** Mutations of a valid container (the same kinds as the codec's FuzzTest). */
    static byte[] mutate(byte[] base, List<byte[]> others, SplittableRandom rnd) {
        byte[] b = base.clone();
        switch (rnd.nextInt(7)) {
            case 0 -> {
                int flips = 1 + rnd.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int at = rnd.nextInt(b.length);
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            case 2 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
            case 3 -> {
                byte[] o = others.get(rnd.nextInt(others.size()));
                int from = rnd.nextInt(o.length);
                int len = 1 + rnd.nextInt(Math.min(64, o.length - from));
                int to = rnd.nextInt(b.length + 1);
                byte[] s = new byte[b.length + len];
                System.arraycopy(b, 0, s, 0, to);
                System.arraycopy(o, from, s, to, len);
                System.arraycopy(b, to, s, to + len, b.length - to);
                b = s;
            }
            case 4 -> {
                int from = rnd.nextInt(b.length);
                int len = 1 + rnd.nextInt(Math.min(32, b.length - from));
                byte[] s = new byte[b.length - len];
                System.arraycopy(b, 0, s, 0, from);
                System.arraycopy(b, from + len, s, from, b.length - from - len);
                b = s;
            }
            case 5 -> {
                int at = rnd.nextInt(b.length);
                byte v = rnd.nextBoolean() ? (byte) 0xFF : 0;
                for (int i = at; i < Math.min(b.length, at + 1 + rnd.nextInt(8)); i++) {
                    b[i] = v;
                }
            }
            default -> { // duplicate a range in place (repeated frames, doubled headers)
                int from = rnd.nextInt(b.length);
                int len = 1 + rnd.nextInt(Math.min(256, b.length - from));
                byte[] s = new byte[b.length + len];
                System.arraycopy(b, 0, s, 0, from + len);
                System.arraycopy(b, from, s, from + len, b.length - from);
                b = s;
            }
        }
        return b;
    }
}
