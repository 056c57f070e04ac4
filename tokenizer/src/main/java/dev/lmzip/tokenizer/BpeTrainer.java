package dev.lmzip.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Trains a byte-level BPE vocabulary with the GPT-2 pre-tokenizer and writes it as a Hugging Face
 * {@code tokenizer.json} that {@link Tokenizer#load} and Hugging Face tokenizers both read and agree
 * on.
 *
 * <p>Id 0 is {@code <|endoftext|>} (a special added token, as in GPT-NeoX), ids 1..256 are the 256
 * single-byte tokens in byte order, then one id per learned merge. Training: the input is split
 * exactly as {@link Tokenizer#encode} splits it (well-formed UTF-8 runs, {@code <|endoftext|>},
 * pre-tokens); pre-token frequencies are counted (in parallel over files); then merges are learned
 * over the table of distinct pre-tokens: always the adjacent pair with the highest total frequency
 * (ties: smaller left id, then smaller right id), with incremental pair-count updates and a lazy
 * priority queue. Training stops at the vocabulary size, or when the best pair occurs fewer than
 * {@code minFrequency} times.
 *
 * <pre>{@code
 * BpeTrainer.builder().vocabSize(16384).minFrequency(2).addPath(dir).build()
 *           .train().write(Path.of("tokenizer.json"));
 * }</pre>
 */
public final class BpeTrainer {
    static final String EOT = "<|endoftext|>";
    private static final byte[] EOT_BYTES = EOT.getBytes(StandardCharsets.US_ASCII);

    private final int vocabSize;
    private final long minFrequency;
    private final List<Path> files;
    private final List<byte[]> texts;
    private final int threads;

    private BpeTrainer(Builder b) {
        this.vocabSize = b.vocabSize;
        this.minFrequency = b.minFrequency;
        this.files = List.copyOf(b.files);
        this.texts = List.copyOf(b.texts);
        this.threads = b.threads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for {@link BpeTrainer}. */
    public static final class Builder {
        private int vocabSize = 16384;
        private long minFrequency = 2;
        private final List<Path> files = new ArrayList<>();
        private final List<byte[]> texts = new ArrayList<>();
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        /** Target number of ids, including {@code <|endoftext|>} and the 256 byte tokens (at least 257). */
        public Builder vocabSize(int n) {
            if (n < 257) throw new IllegalArgumentException("vocabSize must be at least 257, got " + n);
            vocabSize = n;
            return this;
        }

        /** A pair is merged only if it occurs at least this often (at least 1; default 2). */
        public Builder minFrequency(long n) {
            if (n < 1) throw new IllegalArgumentException("minFrequency must be at least 1, got " + n);
            minFrequency = n;
            return this;
        }

        /** A file, or a directory whose regular files are all read (recursively, in path order). */
        public Builder addPath(Path p) throws IOException {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IOException("no such file or directory: " + p);
            }
            return this;
        }

        /** Several files or directories. */
        public Builder addPaths(Iterable<Path> ps) throws IOException {
            for (Path p : ps) addPath(p);
            return this;
        }

        /** In-memory training text (one document). */
        public Builder addText(byte[] text) {
            texts.add(Objects.requireNonNull(text));
            return this;
        }

        /** Threads for word counting (default: available processors). */
        public Builder threads(int n) {
            if (n < 1) throw new IllegalArgumentException("threads must be at least 1");
            threads = n;
            return this;
        }

        public BpeTrainer build() {
            if (files.isEmpty() && texts.isEmpty()) throw new IllegalStateException("no training input");
            return new BpeTrainer(this);
        }
    }

    /** A trained vocabulary. */
    public static final class Result {
        private final String json;
        private final int vocabSize;
        private final int merges;
        private final long distinctWords;
        private final long inputBytes;
        private final double countSeconds;
        private final double mergeSeconds;

        Result(String json, int vocabSize, int merges, long distinctWords, long inputBytes, double countSeconds,
                double mergeSeconds) {
            this.json = json;
            this.vocabSize = vocabSize;
            this.merges = merges;
            this.distinctWords = distinctWords;
            this.inputBytes = inputBytes;
            this.countSeconds = countSeconds;
            this.mergeSeconds = mergeSeconds;
        }

        /** The tokenizer.json text. */
        public String json() {
            return json;
        }

        /** Writes tokenizer.json (UTF-8). */
        public void write(Path out) throws IOException {
            Files.writeString(out, json, StandardCharsets.UTF_8);
        }

        /** The trained tokenizer, loaded from {@link #json()}. */
        public Tokenizer tokenizer() {
            try {
                return Tokenizer.fromJson(json.getBytes(StandardCharsets.UTF_8));
            } catch (TokenizerFormatException e) {
                throw new IllegalStateException("trainer wrote an unreadable tokenizer.json", e);
            }
        }

        public int vocabSize() {
            return vocabSize;
        }

        public int merges() {
            return merges;
        }

        public long distinctWords() {
            return distinctWords;
        }

        public long inputBytes() {
            return inputBytes;
        }

        public double countSeconds() {
            return countSeconds;
        }

        public double mergeSeconds() {
            return mergeSeconds;
        }

        @Override
        public String toString() {
            return String.format("vocab %d (%d merges) from %d bytes, %d distinct pre-tokens; counting %.2f s,"
                    + " merging %.2f s", vocabSize, merges, inputBytes, distinctWords, countSeconds, mergeSeconds);
        }
    }

    /** Trains; deterministic for the same inputs and options. */
    public Result train() throws IOException {
        long t0 = System.nanoTime();
        long[] bytes = new long[1];
        WordCounter words = countWords(bytes);
        long t1 = System.nanoTime();
        Merger m = new Merger(words);
        m.run(vocabSize, minFrequency);
        long t2 = System.nanoTime();
        return new Result(m.toJson(), m.nextId, m.mergeCount, words.size(), bytes[0], (t1 - t0) / 1e9,
                (t2 - t1) / 1e9);
    }

    // ------------------------------------------------------------------------------------------
    // Counting

    private WordCounter countWords(long[] totalBytes) throws IOException {
        int n = files.size() + texts.size();
        int nt = Math.max(1, Math.min(threads, n));
        AtomicInteger next = new AtomicInteger();
        List<WordCounter> counters = new ArrayList<>();
        long[] perThreadBytes = new long[nt];
        ExecutorService ex = Executors.newFixedThreadPool(nt, r -> {
            Thread t = new Thread(r, "bpe-count");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<WordCounter>> fs = new ArrayList<>();
            for (int t = 0; t < nt; t++) {
                final int ti = t;
                fs.add(ex.submit(() -> {
                    WordCounter c = new WordCounter();
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        byte[] data;
                        try {
                            data = i < files.size() ? Files.readAllBytes(files.get(i)) : texts.get(i - files.size());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        perThreadBytes[ti] += data.length;
                        count(data, c);
                    }
                    return c;
                }));
            }
            for (Future<WordCounter> f : fs) counters.add(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            throw new IOException(e.getCause());
        } finally {
            ex.shutdownNow();
        }
        for (long b : perThreadBytes) totalBytes[0] += b;
        WordCounter all = counters.get(0);
        for (int i = 1; i < counters.size(); i++) all.addAll(counters.get(i));
        return all;
    }

    /** Counts the pre-tokens of one document, split as the encoder splits it. */
    static void count(byte[] b, WordCounter c) {
        int i = 0;
        int end = b.length;
        while (i < end) {
            int j = Utf8.validRunEnd(b, i, end);
            // split the valid run [i, j) on <|endoftext|>
            int gap = i;
            for (int k = i; k < j; ) {
                if (b[k] == '<' && k + EOT_BYTES.length <= j && Arrays.equals(b, k, k + EOT_BYTES.length, EOT_BYTES, 0,
                        EOT_BYTES.length)) {
                    countPlain(b, gap, k, c);
                    k += EOT_BYTES.length;
                    gap = k;
                } else {
                    k++;
                }
            }
            countPlain(b, gap, j, c);
            i = j < end ? j + 1 : j; // invalid byte: always its own single-byte token
        }
    }

    private static void countPlain(byte[] b, int from, int to, WordCounter c) {
        int p = from;
        while (p < to) {
            int q = PreTokenizer.next(b, p, to);
            if (q - p >= 2) c.add(b, p, q, 1);
            p = q;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Merging

    private static final class Merger {
        // words
        final int[][] sym;
        final int[] len;
        final long[] freq;
        // tokens
        final List<byte[]> tokenBytes = new ArrayList<>();
        final Map<String, Integer> byString = new HashMap<>();
        final List<int[]> mergeList = new ArrayList<>();
        int nextId;
        int mergeCount;
        // pairs
        final LongLongMap pairSlot = new LongLongMap(1 << 16);
        long[] pcount = new long[1 << 16];
        int[] pleft = new int[1 << 16];
        int[] pright = new int[1 << 16];
        int[][] pwords = new int[1 << 16][];
        int[] pwordsN = new int[1 << 16];
        int slots;
        // heap of (count, slot)
        long[] hcount = new long[1 << 16];
        int[] hslot = new int[1 << 16];
        int hsize;
        int[] visited;
        int[] touched = new int[1024];
        int touchedN;
        boolean[] isTouched = new boolean[1 << 16];

        Merger(WordCounter words) {
            int n = words.size();
            sym = new int[n][];
            len = new int[n];
            freq = new long[n];
            visited = new int[n];
            Arrays.fill(visited, -1);
            int[] k = new int[1];
            words.forEach((a, off, l, cnt) -> {
                int w = k[0]++;
                int[] s = new int[l];
                for (int i = 0; i < l; i++) s[i] = 1 + (a[off + i] & 0xff);
                sym[w] = s;
                len[w] = l;
                freq[w] = cnt;
            });
            // id 0 and the byte tokens
            tokenBytes.add(EOT_BYTES);
            byString.put(EOT, 0);
            for (int b = 0; b < 256; b++) {
                tokenBytes.add(new byte[] {(byte) b});
                byString.put(String.valueOf(ByteLevel.BYTE_TO_CHAR[b]), 1 + b);
            }
            nextId = 257;
            for (int w = 0; w < n; w++) {
                int[] s = sym[w];
                for (int i = 0; i + 1 < len[w]; i++) inc(s[i], s[i + 1], freq[w], w);
            }
            for (int i = 0; i < touchedN; i++) isTouched[touched[i]] = false;
            touchedN = 0;
            for (int s = 0; s < slots; s++) {
                if (pcount[s] > 0) push(pcount[s], s);
            }
        }

        int slotOf(int a, int b, boolean create) {
            long key = Bpe.pairKey(a, b);
            long s = pairSlot.get(key, -1);
            if (s >= 0 || !create) return (int) s;
            int ns = slots++;
            if (ns == pcount.length) {
                int cap = ns * 2;
                pcount = Arrays.copyOf(pcount, cap);
                pleft = Arrays.copyOf(pleft, cap);
                pright = Arrays.copyOf(pright, cap);
                pwords = Arrays.copyOf(pwords, cap);
                pwordsN = Arrays.copyOf(pwordsN, cap);
                isTouched = Arrays.copyOf(isTouched, cap);
            }
            pleft[ns] = a;
            pright[ns] = b;
            pairSlot.put(key, ns);
            return ns;
        }

        void inc(int a, int b, long f, int w) {
            int s = slotOf(a, b, true);
            pcount[s] += f;
            int[] ws = pwords[s];
            int n = pwordsN[s];
            if (ws == null) {
                ws = pwords[s] = new int[4];
            } else if (n > 0 && ws[n - 1] == w) {
                ws = null;
            } else if (n == ws.length) {
                ws = pwords[s] = Arrays.copyOf(ws, n * 2);
            }
            if (ws != null) {
                ws[n] = w;
                pwordsN[s] = n + 1;
            }
            if (!isTouched[s]) {
                isTouched[s] = true;
                if (touchedN == touched.length) touched = Arrays.copyOf(touched, touchedN * 2);
                touched[touchedN++] = s;
            }
        }

        void dec(int a, int b, long f) {
            int s = slotOf(a, b, false);
            if (s >= 0) pcount[s] -= f;
        }

        /** True if (count1, slot1) ranks above (count2, slot2). */
        boolean better(long c1, int s1, long c2, int s2) {
            if (c1 != c2) return c1 > c2;
            if (pleft[s1] != pleft[s2]) return pleft[s1] < pleft[s2];
            return pright[s1] < pright[s2];
        }

        void push(long c, int s) {
            if (hsize == hcount.length) {
                hcount = Arrays.copyOf(hcount, hsize * 2);
                hslot = Arrays.copyOf(hslot, hsize * 2);
            }
            int i = hsize++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (!better(c, s, hcount[p], hslot[p])) break;
                hcount[i] = hcount[p];
                hslot[i] = hslot[p];
                i = p;
            }
            hcount[i] = c;
            hslot[i] = s;
        }

        void pop() {
            long c = hcount[--hsize];
            int s = hslot[hsize];
            int i = 0;
            while (true) {
                int ch = 2 * i + 1;
                if (ch >= hsize) break;
                if (ch + 1 < hsize && better(hcount[ch + 1], hslot[ch + 1], hcount[ch], hslot[ch])) ch++;
                if (!better(hcount[ch], hslot[ch], c, s)) break;
                hcount[i] = hcount[ch];
                hslot[i] = hslot[ch];
                i = ch;
            }
            if (hsize > 0) {
                hcount[i] = c;
                hslot[i] = s;
            }
        }

        void run(int vocabSize, long minFrequency) {
            while (nextId < vocabSize && hsize > 0) {
                long c = hcount[0];
                int s = hslot[0];
                pop();
                if (c != pcount[s]) {
                    // stale entry (count went down); requeue with the current count
                    if (pcount[s] > 0) push(pcount[s], s);
                    continue;
                }
                if (c < minFrequency) break;
                merge(s);
            }
        }

        void merge(int s) {
            int a = pleft[s];
            int b = pright[s];
            byte[] ab = tokenBytes.get(a);
            byte[] bb = tokenBytes.get(b);
            byte[] zb = Arrays.copyOf(ab, ab.length + bb.length);
            System.arraycopy(bb, 0, zb, ab.length, bb.length);
            String zs = ByteLevel.encode(zb);
            Integer existing = byString.get(zs);
            int z;
            if (existing != null) {
                z = existing;
            } else {
                z = nextId++;
                tokenBytes.add(zb);
                byString.put(zs, z);
            }
            mergeList.add(new int[] {a, b, z});
            int stamp = mergeCount++;
            int[] ws = pwords[s];
            int wn = pwordsN[s];
            for (int k = 0; k < wn; k++) {
                int w = ws[k];
                if (visited[w] == stamp) continue;
                visited[w] = stamp;
                int[] sy = sym[w];
                int n = len[w];
                long f = freq[w];
                int i = 0;
                while (i < n - 1) {
                    if (sy[i] == a && sy[i + 1] == b) {
                        if (i > 0) {
                            dec(sy[i - 1], a, f);
                            inc(sy[i - 1], z, f, w);
                        }
                        if (i + 2 < n) {
                            dec(b, sy[i + 2], f);
                            inc(z, sy[i + 2], f, w);
                        }
                        dec(a, b, f);
                        sy[i] = z;
                        System.arraycopy(sy, i + 2, sy, i + 1, n - i - 2);
                        n--;
                    }
                    i++;
                }
                len[w] = n;
            }
            pcount[s] = 0;
            pwords[s] = null;
            pwordsN[s] = 0;
            for (int i = 0; i < touchedN; i++) {
                int t = touched[i];
                isTouched[t] = false;
                if (pcount[t] > 0) push(pcount[t], t);
            }
            touchedN = 0;
        }

        String toJson() {
            StringBuilder sb = new StringBuilder(nextId * 24 + mergeList.size() * 24);
            sb.append("{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n");
            sb.append("  \"added_tokens\": [\n    {\"id\": 0, \"content\": ");
            Json.quote(sb, EOT);
            sb.append(", \"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": false,"
                    + " \"special\": true}\n  ],\n");
            sb.append("  \"normalizer\": null,\n");
            sb.append("  \"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false,"
                    + " \"trim_offsets\": true, \"use_regex\": true},\n");
            sb.append("  \"post_processor\": null,\n");
            sb.append("  \"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true,"
                    + " \"use_regex\": true},\n");
            sb.append("  \"model\": {\n    \"type\": \"BPE\",\n    \"dropout\": null,\n    \"unk_token\": null,\n"
                    + "    \"continuing_subword_prefix\": null,\n    \"end_of_word_suffix\": null,\n"
                    + "    \"fuse_unk\": false,\n    \"byte_fallback\": false,\n    \"ignore_merges\": false,\n"
                    + "    \"vocab\": {\n");
            for (int id = 0; id < nextId; id++) {
                sb.append("      ");
                Json.quote(sb, id == 0 ? EOT : ByteLevel.encode(tokenBytes.get(id)));
                sb.append(": ").append(id).append(id + 1 < nextId ? ",\n" : "\n");
            }
            sb.append("    },\n    \"merges\": [\n");
            for (int i = 0; i < mergeList.size(); i++) {
                int[] m = mergeList.get(i);
                sb.append("      ");
                Json.quote(sb, ByteLevel.encode(tokenBytes.get(m[0])) + " " + ByteLevel.encode(tokenBytes.get(m[1])));
                sb.append(i + 1 < mergeList.size() ? ",\n" : "\n");
            }
            sb.append("    ]\n  }\n}\n");
            return sb.toString();
        }
    }
}
