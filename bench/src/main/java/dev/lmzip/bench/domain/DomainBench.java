package dev.lmzip.bench.domain;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every codec over every unit, each unit compressed on its own: compress, decompress, verify
 * byte for byte, time both. Totals per (domain, granularity, codec) and per source file. A codec that
 * throws or does not round-trip gives a FAILED cell; one that cannot run here an UNAVAILABLE cell;
 * one with no reading of the units (PNG of a whole text file) an NA cell. None stops the run.
 */
public final class DomainBench {
    private final List<MediaCodec> codecs;
    private final PrintStream log;
    private final boolean warmup;

    public DomainBench(List<MediaCodec> codecs, PrintStream log, boolean warmup) {
        this.codecs = List.copyOf(codecs);
        this.log = log;
        this.warmup = warmup;
    }

    /** Cells per group (file = TOTAL) followed by the per-file cells. */
    public record Result(List<Cell> totals, List<Cell> files) {
        public boolean failed() {
            return totals.stream().anyMatch(c -> c.status() == Cell.Status.FAILED);
        }

        public Optional<Cell> total(Domain d, Granularity g, String codec) {
            return totals.stream().filter(c -> c.domain() == d && c.granularity() == g && c.codec().equals(codec)).findFirst();
        }
    }

    private static final class Acc {
        long units, raw, packed, cNanos, dNanos;
        int applicable, notApplicable;
        String failure;
    }

    public Result run(List<Unit> units) {
        Map<MediaCodec, String> unavailable = new LinkedHashMap<>();
        for (MediaCodec c : codecs) {
            try {
                c.unavailableReason().ifPresent(w -> unavailable.put(c, w));
            } catch (LinkageError | RuntimeException e) {
                unavailable.put(c, e.toString());
            }
            if (unavailable.containsKey(c)) {
                log("%s: unavailable (%s)", c.name(), unavailable.get(c));
            }
        }
        if (warmup) {
            warm(units, unavailable);
        }
        List<Cell> totals = new ArrayList<>();
        List<Cell> files = new ArrayList<>();
        for (Granularity g : Granularity.values()) {
            for (Domain d : Domain.values()) {
                List<Unit> group = units.stream().filter(u -> u.domain() == d && u.granularity() == g).toList();
                if (group.isEmpty()) {
                    continue;
                }
                long bytes = group.stream().mapToLong(u -> u.data().length).sum();
                log("%s, %s: %d unit(s), %,d bytes", d.label(), g.label(), group.size(), bytes);
                for (MediaCodec c : codecs) {
                    Map<String, Acc> perFile = new LinkedHashMap<>();
                    Acc total = new Acc();
                    for (Unit u : group) {
                        Acc f = perFile.computeIfAbsent(u.source(), k -> new Acc());
                        if (unavailable.containsKey(c)) {
                            continue;
                        }
                        boolean applies;
                        try {
                            applies = c.applies(u);
                        } catch (RuntimeException e) {
                            applies = false;
                        }
                        if (!applies) {
                            total.notApplicable++;
                            f.notApplicable++;
                            continue;
                        }
                        total.applicable++;
                        f.applicable++;
                        if (total.failure != null) {
                            continue; // one failure fails the cell; do not spend time on the rest
                        }
                        measure(c, u, total, f);
                    }
                    Cell cell = cell(d, g, Cell.TOTAL, c, total, unavailable.get(c));
                    totals.add(cell);
                    for (Map.Entry<String, Acc> e : perFile.entrySet()) {
                        files.add(cell(d, g, e.getKey(), c, e.getValue(), unavailable.get(c)));
                    }
                    logCell(cell);
                }
            }
        }
        return new Result(List.copyOf(totals), List.copyOf(files));
    }

    private void warm(List<Unit> units, Map<MediaCodec, String> unavailable) {
        for (Granularity g : Granularity.values()) {
            for (Domain d : Domain.values()) {
                units.stream().filter(u -> u.domain() == d && u.granularity() == g).findFirst().ifPresent(u -> {
                    Unit small = u.data().length <= 65536 || !(u.layout() instanceof Layout.Bytes) ? u
                            : new Unit(u.domain(), u.granularity(), u.source(), 0, Arrays.copyOf(u.data(), 65536), u.layout());
                    for (MediaCodec c : codecs) {
                        if (!unavailable.containsKey(c)) {
                            try {
                                if (c.applies(small)) {
                                    c.decompress(c.compress(small), small);
                                }
                            } catch (Exception | LinkageError | AssertionError e) {
                                // the timed run reports it
                            }
                        }
                    }
                });
            }
        }
    }

    private static void measure(MediaCodec c, Unit u, Acc total, Acc f) {
        try {
            long t0 = System.nanoTime();
            byte[] packed = c.compress(u);
            long t1 = System.nanoTime();
            byte[] back = c.decompress(packed, u);
            long t2 = System.nanoTime();
            int at = Arrays.mismatch(u.data(), back);
            if (at >= 0) {
                String why = String.format(Locale.ROOT, "%s #%d: round trip mismatch at byte %d (%d bytes back, %d in)",
                        u.source(), u.index(), at, back.length, u.data().length);
                total.failure = why;
                f.failure = why;
                return;
            }
            for (Acc a : new Acc[] {total, f}) {
                a.units++;
                a.raw += u.data().length;
                a.packed += packed.length;
                a.cNanos += t1 - t0;
                a.dNanos += t2 - t1;
            }
        } catch (Exception | LinkageError | OutOfMemoryError | StackOverflowError | AssertionError e) {
            String why = u.source() + " #" + u.index() + ": threw " + e;
            total.failure = why;
            f.failure = why;
        }
    }

    private static Cell cell(Domain d, Granularity g, String file, MediaCodec c, Acc a, String unavailable) {
        Cell.Status st;
        String msg = "";
        if (unavailable != null) {
            st = Cell.Status.UNAVAILABLE;
            msg = unavailable;
        } else if (a.failure != null) {
            st = Cell.Status.FAILED;
            msg = a.failure;
        } else if (a.applicable == 0) {
            st = Cell.Status.NA;
            msg = "no reading of these units as " + c.name();
        } else {
            st = Cell.Status.OK;
        }
        return new Cell(d, g, file, c.name(), st, msg, a.units, a.raw, a.packed, a.cNanos, a.dNanos);
    }

    private void logCell(Cell c) {
        switch (c.status()) {
            case OK -> log("  %-32s %6.2f %%  %6.3f bpb  %9.3f MB/s compress  %9.3f MB/s decompress", c.codec(),
                    c.ratePercent(), c.bitsPerByte(), c.compressMbPerSecond(), c.decompressMbPerSecond());
            case NA -> log("  %-32s n/a", c.codec());
            case UNAVAILABLE -> log("  %-32s unavailable", c.codec());
            case FAILED -> log("  %-32s FAILED: %s", c.codec(), c.message());
        }
    }

    private void log(String format, Object... args) {
        if (log != null) {
            log.println(String.format(Locale.ROOT, format, args));
            log.flush();
        }
    }
}
