package dev.lmzip.model.train;

import dev.lmzip.model.hf.DType;
import dev.lmzip.model.hf.ModelConfig;
import dev.lmzip.tokenizer.BpeTrainer;
import dev.lmzip.tokenizer.Tokenizer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code lmzip train}: trains (or loads) a byte-level BPE vocabulary, packs the corpus into fixed-length
 * windows, and trains a {@link TrainModel} with AdamW, warm-up + cosine decay and global-norm clipping.
 * A run lives in one directory:
 * <ul>
 *   <li>{@code tokenizer.json}: the vocabulary</li>
 *   <li>{@code checkpoint.bin}: options, weights, AdamW moments, step, data position (written atomically)</li>
 *   <li>{@code metrics.tsv}: the training curve (train loss, validation loss and bits per byte)</li>
 * </ul>
 * Deterministic given the options: batches come from a seeded per-epoch permutation of the windows, and every
 * reduction has a fixed order independent of the thread count.
 */
public final class Trainer implements AutoCloseable {
    private static final long MAGIC = 0x4c4d5a545241494eL; // "LMZTRAIN"
    private static final int VERSION = 1;

    /** Progress of a step (for progress bars). */
    public record Progress(long step, long steps, double loss, double lr, double gradNorm, double tokensPerSecond,
                           long tokensSeen, double etaSeconds, int epoch) {
    }

    /** Receives progress; the default prints a line to stderr every {@code logEvery} steps. */
    public interface Listener {
        default void step(Progress p) {
        }

        default void message(String line) {
        }
    }

    private final Path dir;
    private final TrainOptions o;
    private final Par par;
    private final Tokenizer tokenizer;
    private final TrainModel model;
    private final int[] train;
    private final int[] val;
    private final int[] valWindowStarts;
    private final long trainBytes;
    private final Listener listener;
    private final PrintStream log;
    // position
    private long step;
    private int epoch;
    private int windowInEpoch;
    private long tokensSeen;
    private double elapsed;
    private int[] permutation;

    private Trainer(Path dir, TrainOptions o, Tokenizer tok, TrainModel model, Corpus.Stream_ tr, Corpus.Stream_ va,
                    Par par, Listener listener) throws IOException {
        this.dir = dir;
        this.o = o;
        this.par = par;
        this.tokenizer = tok;
        this.model = model;
        this.train = tr.tokens();
        this.val = va == null ? new int[0] : va.tokens();
        this.trainBytes = tr.bytes();
        this.listener = listener;
        this.log = new PrintStream(new FileOutputStream(dir.resolve("metrics.tsv").toFile(), true), true, StandardCharsets.UTF_8);
        int S = o.context;
        int valCount = Math.max(0, (val.length - 1) / S);
        int nv = Math.min(valCount, o.valWindows);
        valWindowStarts = new int[nv];
        for (int i = 0; i < nv; i++) {
            valWindowStarts[i] = (int) ((long) i * valCount / nv) * S;
        }
    }

    public TrainModel model() {
        return model;
    }

    public long step() {
        return step;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** Number of training windows (sequences of context+1 tokens, overlapping by one). */
    public int windows() {
        return (train.length - 1) / o.context;
    }

    // ------------------------------------------------------------------ start / resume

    /** Starts a new run in {@code dir} (which must not hold a checkpoint). */
    public static Trainer start(Path dir, TrainOptions o, Path tokenizerJson, Listener listener) throws IOException {
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve("checkpoint.bin"))) {
            throw new IOException(dir + " already holds a run; use --resume");
        }
        Par par = new Par(o.threads);
        Corpus corpus = corpus(o);
        listener.message(String.format(Locale.ROOT, "%d training files, %d validation files: %s", corpus.trainFiles.size(),
                corpus.valFiles.size(), corpus.valFiles.stream().map(p -> p.getFileName().toString()).toList()));
        Path tokPath = dir.resolve("tokenizer.json");
        if (tokenizerJson != null) {
            Files.copy(tokenizerJson, tokPath, StandardCopyOption.REPLACE_EXISTING);
        } else {
            long t0 = System.nanoTime();
            BpeTrainer.Result r = BpeTrainer.builder().vocabSize(o.vocabSize).minFrequency(o.bpeMinFrequency)
                    .addPaths(corpus.trainFiles).threads(o.threads).build().train();
            r.write(tokPath);
            listener.message(String.format(Locale.ROOT, "trained a BPE vocabulary of %d ids in %.1f s", r.vocabSize(),
                    (System.nanoTime() - t0) / 1e9));
        }
        Files.writeString(dir.resolve("split.txt"), "# validation files\n" + String.join("\n",
                corpus.valFiles.stream().map(Path::toString).toList()) + "\n");
        Files.writeString(dir.resolve("options.properties"), o.toProperties());
        Tokenizer tok = Tokenizer.load(tokPath);
        ModelConfig c = o.modelConfig(tok.vocabSize(), Math.max(0, tok.endOfTextId()));
        TrainModel m = TrainModel.initialize(c, o.seed, o.initStd);
        Trainer t = load(dir, o, tok, m, corpus, par, listener);
        t.permutation = t.permutation(0);
        t.log.println("# step\ttokens\tepoch\tlr\ttrain_loss_nats\tgrad_norm\tval_loss_nats\tval_bpb\telapsed_s");
        return t;
    }

    /** Continues the run in {@code dir} from its checkpoint; {@code steps} (if positive) changes the schedule length. */
    public static Trainer resume(Path dir, long steps, int threads, Listener listener) throws IOException {
        Path ck = dir.resolve("checkpoint.bin");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(ck), 1 << 20))) {
            if (in.readLong() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(ck + " is not an lmzip training checkpoint");
            }
            TrainOptions o = TrainOptions.fromProperties(readString(in));
            if (steps > 0) {
                o.steps = steps;
            }
            if (threads > 0) {
                o.threads = threads;
            }
            Tokenizer tok = Tokenizer.load(dir.resolve("tokenizer.json"));
            ModelConfig c = o.modelConfig(tok.vocabSize(), Math.max(0, tok.endOfTextId()));
            TrainModel m = TrainModel.empty(c);
            long step = in.readLong();
            int epoch = in.readInt();
            int window = in.readInt();
            long tokens = in.readLong();
            double elapsed = in.readDouble();
            int n = in.readInt();
            if (n != m.params().size()) {
                throw new IOException("checkpoint has " + n + " tensors, the model " + m.params().size());
            }
            for (Param p : m.params()) {
                String name = readString(in);
                if (!name.equals(p.name)) {
                    throw new IOException("checkpoint tensor " + name + " where " + p.name + " was expected");
                }
                readFloats(in, p.w);
                readFloats(in, p.m);
                readFloats(in, p.v);
            }
            Corpus corpus = corpus(o);
            Trainer t = load(dir, o, tok, m, corpus, new Par(o.threads), listener);
            t.step = step;
            t.epoch = epoch;
            t.windowInEpoch = window;
            t.tokensSeen = tokens;
            t.elapsed = elapsed;
            t.permutation = t.permutation(epoch);
            listener.message(String.format(Locale.ROOT, "resumed at step %d of %d (epoch %d, %d tokens seen)", step, o.steps, epoch, tokens));
            return t;
        }
    }

    private static Trainer load(Path dir, TrainOptions o, Tokenizer tok, TrainModel m, Corpus corpus, Par par,
                                Listener listener) throws IOException {
        long t0 = System.nanoTime();
        Corpus.Stream_ tr = Corpus.tokenize(par, tok, corpus.trainFiles);
        Corpus.Stream_ va = Corpus.tokenize(par, tok, corpus.valFiles);
        listener.message(String.format(Locale.ROOT,
                "tokenized %d + %d bytes into %d + %d tokens (%.2f bytes/token) in %.1f s; model %.2fM parameters, %s",
                tr.bytes(), va.bytes(), tr.tokens().length, va.tokens().length, (double) tr.bytes() / tr.tokens().length,
                (System.nanoTime() - t0) / 1e9, m.parameterCount() / 1e6, shape(m.config)));
        m.weightsChanged();
        return new Trainer(dir, o, tok, m, tr, va, par, listener);
    }

    static String shape(ModelConfig c) {
        return String.format(Locale.ROOT, "vocab %d, hidden %d, layers %d, heads %d, intermediate %d, context %d",
                c.vocabSize(), c.hiddenSize(), c.numLayers(), c.numHeads(), c.intermediateSize(), c.maxPositionEmbeddings());
    }

    private int[] permutation(int ep) {
        int n = windows();
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom r = new SplittableRandom(o.seed * 0x9E3779B97F4A7C15L + ep);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    // ------------------------------------------------------------------ training

    /** Fills row b of a batch from the window starting at token {@code start} of {@code stream}. */
    private void fillRow(int[] stream, int start, int b, int[] ids, int[] targets, int[] seg, int[] pos) {
        int S = o.context, eot = Math.max(0, tokenizer.endOfTextId()), segStart = 0;
        for (int i = 0; i < S; i++) {
            int t = b * S + i;
            int id = stream[start + i];
            if (id == eot) {
                segStart = i;
            }
            ids[t] = id;
            targets[t] = stream[start + i + 1];
            seg[t] = segStart;
            pos[t] = i - segStart;
        }
    }

    /** Trains until the schedule ends or the epoch limit is reached; checkpoints at the end. */
    public void run() throws IOException {
        run(Long.MAX_VALUE);
    }

    /** As {@link #run()}, stopping (with a checkpoint) after step {@code stopAt} at the latest. */
    public void run(long stopAt) throws IOException {
        int B = o.batch, S = o.context, T = B * S;
        TrainModel.Activations a = model.activations(B, S);
        int[] ids = new int[T], targets = new int[T], seg = new int[T], pos = new int[T];
        long lastCheckpoint = System.nanoTime();
        long windowStart = System.nanoTime();
        long windowTokens = 0;
        double lossAcc = 0;
        int lossCount = 0;
        double rate = 0;
        listener.message(String.format(Locale.ROOT, "training steps %d..%d, %d tokens per step, %d windows per epoch, %d threads",
                step, o.steps, T, windows(), par.threads()));
        while (step < o.steps && step < stopAt && epoch < o.maxEpochs) {
            long t0 = System.nanoTime();
            for (int b = 0; b < B; b++) {
                if (windowInEpoch >= permutation.length) {
                    epoch++;
                    windowInEpoch = 0;
                    permutation = permutation(epoch);
                }
                fillRow(train, permutation[windowInEpoch++] * S, b, ids, targets, seg, pos);
            }
            if (epoch >= o.maxEpochs) {
                break;
            }
            model.zeroGrad();
            double loss = model.step(par, a, ids, targets, seg, pos, 1f / T, true) / T;
            double norm = clipGradients();
            double lr = o.learningRate(step);
            AdamW.update(par, model.params(), step + 1, lr, o.beta1, o.beta2, o.adamEps, o.weightDecay);
            model.weightsChanged();
            step++;
            tokensSeen += T;
            windowTokens += T;
            lossAcc += loss;
            lossCount++;
            elapsed += (System.nanoTime() - t0) / 1e9;
            if (step % o.logEvery == 0 || step == o.steps) {
                long now = System.nanoTime();
                rate = windowTokens / ((now - windowStart) / 1e9);
                double eta = (o.steps - step) * (double) T / Math.max(1e-9, rate);
                Progress p = new Progress(step, o.steps, lossAcc / lossCount, lr, norm, rate, tokensSeen, eta, epoch);
                listener.step(p);
                log.printf(Locale.ROOT, "%d\t%d\t%d\t%.3e\t%.4f\t%.3f\t\t\t%.0f%n", step, tokensSeen, epoch, lr,
                        lossAcc / lossCount, norm, elapsed);
                lossAcc = 0;
                lossCount = 0;
                windowStart = now;
                windowTokens = 0;
            }
            if (o.valEvery > 0 && step % o.valEvery == 0) {
                validate(a);
            }
            if ((System.nanoTime() - lastCheckpoint) / 60e9 >= o.checkpointMinutes) {
                checkpoint();
                lastCheckpoint = System.nanoTime();
            }
        }
        if (valWindowStarts.length > 0 && (o.valEvery <= 0 || step % o.valEvery != 0)) {
            validate(a);
        }
        checkpoint();
    }

    /** Global gradient norm (double, parameters in order); scales the gradients down to {@code clip}. */
    private double clipGradients() {
        double sum = 0;
        for (Param p : model.params()) {
            double s = 0;
            for (float g : p.g) {
                s += (double) g * g;
            }
            sum += s;
        }
        double norm = Math.sqrt(sum);
        if (o.clip > 0 && norm > o.clip) {
            float scale = (float) (o.clip / (norm + 1e-6));
            for (Param p : model.params()) {
                float[] g = p.g;
                par.forRange(g.length, 4096, (i0, i1) -> {
                    for (int i = i0; i < i1; i++) {
                        g[i] *= scale;
                    }
                });
            }
        }
        return norm;
    }

    /** Validation loss (nats per token) and bits per byte on the held-out windows; logs and returns them. */
    public double[] validate() {
        return validate(model.activations(o.batch, o.context));
    }

    private double[] validate(TrainModel.Activations a) {
        if (valWindowStarts.length == 0) {
            return new double[]{Double.NaN, Double.NaN};
        }
        int B = o.batch, S = o.context, T = B * S;
        int[] ids = new int[T], targets = new int[T], seg = new int[T], pos = new int[T];
        double nats = 0;
        long tokens = 0, bytes = 0;
        for (int w0 = 0; w0 < valWindowStarts.length; w0 += B) {
            int rows = Math.min(B, valWindowStarts.length - w0);
            for (int b = 0; b < B; b++) {
                if (b < rows) {
                    fillRow(val, valWindowStarts[w0 + b], b, ids, targets, seg, pos);
                } else {
                    for (int i = 0; i < S; i++) {
                        ids[b * S + i] = 0;
                        targets[b * S + i] = -1;
                        seg[b * S + i] = 0;
                        pos[b * S + i] = i;
                    }
                }
            }
            nats += model.step(par, a, ids, targets, seg, pos, 0f, false);
            for (int t = 0; t < rows * S; t++) {
                tokens++;
                bytes += tokenizer.tokenLength(targets[t]);
            }
        }
        double loss = nats / tokens, bpb = nats / Math.log(2) / bytes;
        listener.message(String.format(Locale.ROOT, "step %d: validation loss %.4f nats/token, %.4f bits/byte (%d tokens, %d bytes)",
                step, loss, bpb, tokens, bytes));
        log.printf(Locale.ROOT, "%d\t%d\t%d\t\t\t\t%.4f\t%.4f\t%.0f%n", step, tokensSeen, epoch, loss, bpb, elapsed);
        return new double[]{loss, bpb};
    }

    // ------------------------------------------------------------------ checkpoints

    /** What a checkpoint holds besides the moments: options, step, tokens seen, the weights. */
    public record Saved(TrainOptions options, long step, int epoch, long tokensSeen, double elapsedSeconds, TrainModel model) {
    }

    /** Reads a run directory's checkpoint (options, position and weights; the AdamW moments too) without the corpus. */
    public static Saved readCheckpoint(Path dir) throws IOException {
        Path ck = dir.resolve("checkpoint.bin");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(ck), 1 << 20))) {
            if (in.readLong() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(ck + " is not an lmzip training checkpoint");
            }
            TrainOptions o = TrainOptions.fromProperties(readString(in));
            Tokenizer tok = Tokenizer.load(dir.resolve("tokenizer.json"));
            TrainModel m = TrainModel.empty(o.modelConfig(tok.vocabSize(), Math.max(0, tok.endOfTextId())));
            long step = in.readLong();
            int epoch = in.readInt();
            in.readInt();
            long tokens = in.readLong();
            double elapsed = in.readDouble();
            if (in.readInt() != m.params().size()) {
                throw new IOException("checkpoint does not match its options");
            }
            for (Param p : m.params()) {
                String name = readString(in);
                if (!name.equals(p.name)) {
                    throw new IOException("checkpoint tensor " + name + " where " + p.name + " was expected");
                }
                readFloats(in, p.w);
                readFloats(in, p.m);
                readFloats(in, p.v);
            }
            return new Saved(o, step, epoch, tokens, elapsed, m);
        }
    }

    /** Exports a run directory's checkpoint as a Hugging Face checkpoint directory. */
    public static Saved exportCheckpoint(Path runDir, Path out, DType dtype) throws IOException {
        Saved s = readCheckpoint(runDir);
        HfExport.write(s.model(), runDir.resolve("tokenizer.json"), out, dtype,
                String.format(Locale.ROOT, "lmzip train: step %d, %d tokens seen", s.step(), s.tokensSeen()));
        return s;
    }

    /** Writes {@code checkpoint.bin} atomically (temporary file, fsync, rename). */
    public void checkpoint() throws IOException {
        Path tmp = dir.resolve("checkpoint.bin.tmp");
        try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fos, 1 << 20))) {
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            writeString(out, o.toProperties());
            out.writeLong(step);
            out.writeInt(epoch);
            out.writeInt(windowInEpoch);
            out.writeLong(tokensSeen);
            out.writeDouble(elapsed);
            out.writeInt(model.params().size());
            for (Param p : model.params()) {
                writeString(out, p.name);
                writeFloats(out, p.w);
                writeFloats(out, p.m);
                writeFloats(out, p.v);
            }
            out.flush();
            fos.getFD().sync();
        }
        Files.move(tmp, dir.resolve("checkpoint.bin"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        listener.message(String.format(Locale.ROOT, "checkpoint at step %d (%d tokens seen)", step, tokensSeen));
    }

    /** Exports the current weights as a Hugging Face checkpoint directory. */
    public void export(Path out, DType dtype) throws IOException {
        HfExport.write(model, dir.resolve("tokenizer.json"), out, dtype,
                String.format(Locale.ROOT, "lmzip train: step %d, %d tokens seen", step, tokensSeen));
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 24)) {
            throw new IOException("corrupt checkpoint");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(a);
        out.writeInt(a.length);
        out.write(bb.array());
    }

    private static void readFloats(DataInputStream in, float[] a) throws IOException {
        int n = in.readInt();
        if (n != a.length) {
            throw new IOException("checkpoint tensor has " + n + " values, expected " + a.length);
        }
        ByteBuffer.wrap(in.readNBytes(n * 4)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
    }

    @Override
    public void close() {
        log.close();
        par.close();
    }

    /** A listener printing plain lines to {@code err}. */
    public static Listener printing(PrintStream err) {
        return new Listener() {
            @Override
            public void step(Progress p) {
                err.printf(Locale.ROOT, "step %d/%d  loss %.4f  lr %.2e  |g| %.2f  %.0f tok/s  %d tokens  epoch %d  ETA %s%n",
                        p.step(), p.steps(), p.loss(), p.lr(), p.gradNorm(), p.tokensPerSecond(), p.tokensSeen(),
                        p.epoch(), duration(p.etaSeconds()));
            }

            @Override
            public void message(String line) {
                err.println(line);
            }
        };
    }

    static String duration(double s) {
        long t = Math.round(s);
        return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
    }

    /** The run's documents (the roots in {@code o.data}) split into training and validation files. */
    private static Corpus corpus(TrainOptions o) throws IOException {
        List<Path> roots = new ArrayList<>();
        for (String s : o.data.split(java.io.File.pathSeparator)) {
            if (!s.isBlank()) {
                roots.add(Path.of(s));
            }
        }
        return Corpus.split(Corpus.list(roots), o.valFraction, o.seed);
    }

    /**
     * Writes a run's token streams for training elsewhere (tools/gpu-train.py): {@code train.u16} and
     * {@code val.u16} (little-endian 16-bit ids, each document {@code EOT, tokens...} as the trainer sees them),
     * {@code token_bytes.u16} (the byte length of every id, for bits per byte) and {@code meta.properties}.
     */
    public static void dumpTokens(Path runDir, Path out) throws IOException {
        TrainOptions o = TrainOptions.fromProperties(Files.readString(runDir.resolve("options.properties")));
        Tokenizer tok = Tokenizer.load(runDir.resolve("tokenizer.json"));
        if (tok.vocabSize() > 65536) {
            throw new IOException("vocabulary too large for 16-bit ids: " + tok.vocabSize());
        }
        Corpus corpus = corpus(o);
        Corpus.Stream_ tr, va;
        try (Par par = new Par(o.threads)) {
            tr = Corpus.tokenize(par, tok, corpus.trainFiles);
            va = Corpus.tokenize(par, tok, corpus.valFiles);
        }
        Files.createDirectories(out);
        writeU16(out.resolve("train.u16"), tr.tokens());
        writeU16(out.resolve("val.u16"), va.tokens());
        int[] lengths = new int[tok.vocabSize()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = tok.tokenLength(i);
        }
        writeU16(out.resolve("token_bytes.u16"), lengths);
        Files.writeString(out.resolve("meta.properties"), String.format(Locale.ROOT,
                "vocab=%d%neot=%d%ntrainTokens=%d%ntrainBytes=%d%nvalTokens=%d%nvalBytes=%d%nvalFiles=%s%n",
                tok.vocabSize(), tok.endOfTextId(), tr.tokens().length, tr.bytes(), va.tokens().length, va.bytes(),
                String.join(",", corpus.valFiles.stream().map(p -> p.getFileName().toString()).toList())));
    }

    private static void writeU16(Path file, int[] ids) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(ids.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int id : ids) {
            b.putShort((short) id);
        }
        Files.write(file, b.array());
    }

    /**
     * Command-line entry for background runs: {@code Trainer DIR [key=value...]}, {@code Trainer --resume DIR [steps]},
     * {@code Trainer --export DIR OUT [BF16|F16|F32]} or {@code Trainer --dump-tokens DIR OUT}.
     */
    public static void main(String[] args) throws IOException {
        Listener l = printing(System.err);
        if (args[0].equals("--export")) {
            exportCheckpoint(Path.of(args[1]), Path.of(args[2]), args.length > 3 ? DType.valueOf(args[3]) : DType.BF16);
            return;
        }
        if (args[0].equals("--dump-tokens")) {
            dumpTokens(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        if (args[0].equals("--resume")) {
            try (Trainer t = resume(Path.of(args[1]), args.length > 2 ? Long.parseLong(args[2]) : 0, 0, l)) {
                t.run();
            }
            return;
        }
        StringBuilder props = new StringBuilder();
        Path tok = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("tokenizer=")) {
                tok = Path.of(args[i].substring("tokenizer=".length()));
            } else {
                props.append(args[i]).append('\n');
            }
        }
        TrainOptions o = TrainOptions.fromProperties(props.toString());
        try (Trainer t = start(Path.of(args[0]), o, tok, l)) {
            t.run();
        }
    }
}
