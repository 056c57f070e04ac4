package dev.lmzip.bench.domain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Turns the bench corpus ({@code shared/corpus/bench}) into {@link Unit}s:
 * <ul>
 *   <li>text: the text files of canterbury/, calgary/, large/, multilingual/ and enwik/enwik8_small
 *       ({@link #TEXT_FILES}); chunks are consecutive 2048-byte pieces, whole files their first
 *       {@code limit} bytes;</li>
 *   <li>images: images/*.png decoded to raw pixels; chunks are the paper's grey 32×64 patches
 *       (mean of R, G, B), whole images the stored pixels (RGB or grey), cut to their first rows
 *       when {@code limit} is smaller;</li>
 *   <li>audio: audio/*.flac (jflac) and audio/*.wav decoded to 16-bit PCM; chunks are 2048 bytes of
 *       the 8-bit version (top byte of each sample), whole files the 16-bit little-endian PCM
 *       (first {@code limit} bytes, whole samples).</li>
 * </ul>
 * A trailing partial chunk or patch is dropped. With {@code sample > 0}, that many chunks per file are
 * drawn without replacement by a {@link SplittableRandom} seeded from {@code seed} and the file name,
 * so a run is replayable; chunks are drawn from the whole file, {@code limit} only cuts whole files.
 */
public final class Corpus {
    /** The text files, relative to the corpus root (the text part of PEERS.md's table). */
    public static final List<String> TEXT_FILES = List.of(
            "canterbury/alice29.txt", "canterbury/asyoulik.txt", "canterbury/cp.html", "canterbury/fields.c",
            "canterbury/grammar.lsp", "canterbury/lcet10.txt", "canterbury/plrabn12.txt", "canterbury/xargs.1",
            "calgary/bib", "calgary/book1", "calgary/book2", "calgary/news", "calgary/paper1", "calgary/paper2",
            "calgary/paper3", "calgary/paper4", "calgary/paper5", "calgary/paper6", "calgary/progc", "calgary/progl",
            "calgary/progp", "calgary/trans", "large/bible.txt", "large/world192.txt", "multilingual/beowulf.txt",
            "multilingual/crime_and_punishment.txt", "multilingual/kokoro.txt", "enwik/enwik8_small");

    /**
     * @param root          the corpus directory ({@code ../shared/corpus/bench})
     * @param domains       which domains
     * @param granularities chunks, whole files or both
     * @param limitBytes    whole files: only the first BYTES of raw data (0: all)
     * @param sample        chunks: at most N per file, drawn with {@code seed} (0: all)
     * @param seed          the sampling seed
     */
    public record Options(Path root, Set<Domain> domains, Set<Granularity> granularities, long limitBytes, int sample,
                          long seed) {
        public Options {
            domains = domains.isEmpty() ? EnumSet.noneOf(Domain.class) : EnumSet.copyOf(domains);
            granularities = granularities.isEmpty() ? EnumSet.noneOf(Granularity.class) : EnumSet.copyOf(granularities);
            if (limitBytes < 0 || sample < 0) {
                throw new IllegalArgumentException("limit and sample must not be negative");
            }
        }
    }

    /** What one (domain, granularity) group measured: files, units taken of those available, raw bytes. */
    public record Subset(Domain domain, Granularity granularity, int files, int units, int unitsAvailable, long bytes,
                         long bytesAvailable, List<String> missing) {
    }

    /** The units and a description of the subset. */
    public record Loaded(List<Unit> units, List<Subset> subsets) {
    }

    private Corpus() {
    }

    public static Loaded load(Options o, PrintStream log) throws IOException {
        List<Unit> units = new ArrayList<>();
        List<Subset> subsets = new ArrayList<>();
        for (Domain d : Domain.values()) {
            if (!o.domains().contains(d)) {
                continue;
            }
            List<Path> files = files(o.root(), d);
            List<String> missing = new ArrayList<>();
            if (d == Domain.TEXT) {
                for (String f : TEXT_FILES) {
                    if (!Files.isRegularFile(o.root().resolve(f))) {
                        missing.add(f);
                    }
                }
            }
            Map<Granularity, long[]> stats = new LinkedHashMap<>(); // files, units, available, bytes, bytesAvailable
            for (Granularity g : Granularity.values()) {
                stats.put(g, new long[5]);
            }
            for (Path f : files) {
                String name = o.root().relativize(f).toString().replace('\\', '/');
                List<Unit> fileUnits = new ArrayList<>();
                switch (d) {
                    case TEXT -> {
                        byte[] all = Files.readAllBytes(f);
                        if (o.granularities().contains(Granularity.CHUNKS)) {
                            int n = all.length / Granularity.CHUNK_BYTES;
                            for (int i : pick(n, o.sample(), o.seed(), name)) {
                                fileUnits.add(new Unit(d, Granularity.CHUNKS, name, i, Arrays.copyOfRange(all,
                                        i * Granularity.CHUNK_BYTES, (i + 1) * Granularity.CHUNK_BYTES), Layout.BYTES));
                            }
                            count(stats.get(Granularity.CHUNKS), n, (long) n * Granularity.CHUNK_BYTES);
                        }
                        if (o.granularities().contains(Granularity.WHOLE)) {
                            byte[] w = o.limitBytes() > 0 && all.length > o.limitBytes()
                                    ? Arrays.copyOf(all, (int) o.limitBytes()) : all;
                            fileUnits.add(new Unit(d, Granularity.WHOLE, name, 0, w, Layout.BYTES));
                            count(stats.get(Granularity.WHOLE), 1, all.length);
                        }
                    }
                    case IMAGES -> {
                        ImageData img = ImageData.read(f);
                        if (o.granularities().contains(Granularity.CHUNKS)) {
                            int n = img.patchCount();
                            List<byte[]> patches = img.patches();
                            for (int i : pick(n, o.sample(), o.seed(), name)) {
                                fileUnits.add(new Unit(d, Granularity.CHUNKS, name, i, patches.get(i),
                                        new Layout.Image(ImageData.PATCH_COLUMNS, ImageData.PATCH_ROWS, 1)));
                            }
                            count(stats.get(Granularity.CHUNKS), n, (long) n * Granularity.CHUNK_BYTES);
                        }
                        if (o.granularities().contains(Granularity.WHOLE)) {
                            ImageData w = img;
                            if (o.limitBytes() > 0 && img.pixels().length > o.limitBytes()) {
                                w = img.topRows((int) (o.limitBytes() / ((long) img.width() * img.channels())));
                            }
                            fileUnits.add(new Unit(d, Granularity.WHOLE, name, 0, w.pixels(), w.layout()));
                            count(stats.get(Granularity.WHOLE), 1, img.pixels().length);
                        }
                    }
                    case AUDIO -> {
                        AudioData a = AudioData.read(f);
                        if (o.granularities().contains(Granularity.CHUNKS)) {
                            byte[] pcm8 = a.pcm8();
                            int n = pcm8.length / Granularity.CHUNK_BYTES;
                            for (int i : pick(n, o.sample(), o.seed(), name)) {
                                fileUnits.add(new Unit(d, Granularity.CHUNKS, name, i, Arrays.copyOfRange(pcm8,
                                        i * Granularity.CHUNK_BYTES, (i + 1) * Granularity.CHUNK_BYTES), a.layout8()));
                            }
                            count(stats.get(Granularity.CHUNKS), n, (long) n * Granularity.CHUNK_BYTES);
                        }
                        if (o.granularities().contains(Granularity.WHOLE)) {
                            byte[] pcm = a.pcm16();
                            Layout.Pcm l = a.layout16();
                            if (o.limitBytes() > 0 && pcm.length > o.limitBytes()) {
                                long frames = Math.max(1, o.limitBytes() / l.frameBytes());
                                pcm = Arrays.copyOf(pcm, (int) (frames * l.frameBytes()));
                            }
                            fileUnits.add(new Unit(d, Granularity.WHOLE, name, 0, pcm, l));
                            count(stats.get(Granularity.WHOLE), 1, a.samples().length * 2L);
                        }
                    }
                }
                for (Unit u : fileUnits) {
                    long[] s = stats.get(u.granularity());
                    s[1]++;
                    s[3] += u.data().length;
                }
                for (Granularity g : Granularity.values()) {
                    if (fileUnits.stream().anyMatch(u -> u.granularity() == g)) {
                        stats.get(g)[0]++;
                    }
                }
                units.addAll(fileUnits);
            }
            for (Granularity g : Granularity.values()) {
                if (o.granularities().contains(g)) {
                    long[] s = stats.get(g);
                    subsets.add(new Subset(d, g, (int) s[0], (int) s[1], (int) s[2], s[3], s[4], List.copyOf(missing)));
                }
            }
            if (log != null) {
                log.printf(Locale.ROOT, "%s: %d file(s)%s%n", d.label(), files.size(),
                        missing.isEmpty() ? "" : ", missing " + missing);
            }
        }
        // chunks first, then whole files, domain order within each
        List<Unit> ordered = new ArrayList<>();
        for (Granularity g : Granularity.values()) {
            for (Domain d : Domain.values()) {
                units.stream().filter(u -> u.granularity() == g && u.domain() == d).forEach(ordered::add);
            }
        }
        return new Loaded(List.copyOf(ordered), List.copyOf(subsets));
    }

    private static void count(long[] s, long available, long bytesAvailable) {
        s[2] += available;
        s[4] += bytesAvailable;
    }

    /** The files of a domain that exist under {@code root}, in a fixed order. */
    static List<Path> files(Path root, Domain d) throws IOException {
        return switch (d) {
            case TEXT -> TEXT_FILES.stream().map(root::resolve).filter(Files::isRegularFile).toList();
            case IMAGES -> list(root.resolve("images"), ".png");
            case AUDIO -> list(root.resolve("audio"), ".flac", ".wav");
        };
    }

    private static List<Path> list(Path dir, String... suffixes) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> Arrays.stream(suffixes).anyMatch(x -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(x)))
                    .sorted().toList();
        }
    }

    /**
     * Indices of the chunks to use, ascending: all {@code n} when {@code sample} is 0 or at least
     * {@code n}, otherwise {@code sample} distinct ones drawn by a partial Fisher–Yates shuffle with a
     * generator seeded from {@code seed} and the file name (replayable across runs and JVMs).
     */
    public static int[] pick(int n, int sample, long seed, String name) {
        if (sample == 0 || sample >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < sample; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] out = Arrays.copyOf(idx, sample);
        Arrays.sort(out);
        return out;
    }
}
