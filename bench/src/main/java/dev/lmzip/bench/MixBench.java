package dev.lmzip.bench;

import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.io.LmzOptions;
import dev.lmzip.codec.io.LmzOutputStream;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.model.file.ModelFile;
import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.ForwardEngine;
import dev.lmzip.model.fixed.Int8Kernels;
import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.QuantizedModel;
import dev.lmzip.model.mix.MixPredictor;
import dev.lmzip.model.predict.LmPredictor;
import dev.lmzip.model.predict.Slide;
import dev.lmzip.tokenizer.Tokenizer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Ablation of the mixing predictor: bits per byte and speed per file for the plain language model
 * ({@code plain}), and the mixing predictor with the LM only ({@code lm}), the online models only
 * ({@code online}) and both ({@code both}); {@code bytes} is the built-in byte model. The per-frame
 * fallback to the byte model is off, so each column is its predictor alone.
 *
 * <pre>MixBench MODEL.lmzm|random [--limit BYTES] [--frame-log L] [--lanes N] [--threads T]
 *          [--context N] [--modes bytes,plain,lm,online,both] [--slide half|quarter|eighth] [--decode] FILE…</pre>
 * {@code random} is a tiny random StableLM with the GPT-NeoX tokenizer from {@code ../shared}. A mode
 * of the mixing predictor may name a version of its online models, {@code both:4} (default: the
 * newest), so two versions are timed side by side in one run.
 */
public final class MixBench {
    private MixBench() {
    }

    public static void main(String[] args) throws IOException {
        String model = args[0];
        int limit = Integer.MAX_VALUE;
        int frameLog = 16;
        int lanes = 8;
        int threads = Runtime.getRuntime().availableProcessors();
        int context = 1024;
        boolean decode = false;
        Slide slide = Slide.DEFAULT;
        List<String> modes = List.of("plain", "lm", "online", "both");
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--frame-log" -> frameLog = Integer.parseInt(args[++i]);
                case "--lanes" -> lanes = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--context" -> context = Integer.parseInt(args[++i]);
                case "--modes" -> modes = Arrays.asList(args[++i].split(","));
                case "--decode" -> decode = true;
                case "--slide" -> slide = Slide.of(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        Tokenizer tokenizer;
        QuantizedModel q;
        byte[] fp;
        if (model.equals("random")) {
            tokenizer = Tokenizer.load(Path.of(System.getProperty("lmzip.shared", "../shared"),
                    "tokenizers/gpt-neox-20b/tokenizer.json"));
            q = QuantizedModel.random(ModelShape.stablelm(50304, 64, 2, 4, 160, 2048), 11);
            fp = new byte[32];
        } else {
            ModelFile m = ModelFile.open(Path.of(model));
            tokenizer = m.tokenizer();
            q = m.model();
            fp = m.fingerprint();
        }
        ForwardEngine engine = new Engine(q, Int8Kernels.select(), threads);
        int window = Math.min(context, q.shape().maxPositions());
        System.out.printf("model %s, frames 2^%d, lanes %d, threads %d, context %d%n", model, frameLog, lanes, threads, window);
        System.out.printf("%-14s %-7s %9s %8s %8s %9s %9s%n", "file", "mode", "bytes", "lmz", "bpb", "comp KB/s", "dec KB/s");
        for (Path f : files) {
            byte[] all = Files.readAllBytes(f);
            byte[] raw = Arrays.copyOf(all, Math.min(limit, all.length));
            for (String mode : modes) {
                String mixMode = mode.replaceFirst(":.*", "");
                int version = mode.contains(":") ? Integer.parseInt(mode.substring(mode.indexOf(':') + 1))
                        : MixPredictor.ONLINE_VERSION;
                Predictor p = mode.equals("plain") ? new LmPredictor(engine, tokenizer, fp, window, lanes, slide)
                        : mode.equals("bytes") ? new dev.lmzip.codec.bytemodel.ByteContextModel()
                        : new MixPredictor(mixMode.equals("online") ? null : engine, tokenizer, fp, window, lanes,
                        MixPredictor.Mode.of(mixMode), slide, version);
                long t0 = System.nanoTime();
                ByteArrayOutputStream bo = new ByteArrayOutputStream();
                try (LmzOutputStream out = new LmzOutputStream(bo, LmzOptions.defaults().predictor(p)
                        .frameSizeLog(frameLog).lanes(lanes).threads(threads).fallback(false))) {
                    out.write(raw);
                }
                double ct = (System.nanoTime() - t0) / 1e9;
                byte[] lmz = bo.toByteArray();
                String dec = "-";
                if (decode) {
                    long t1 = System.nanoTime();
                    byte[] back;
                    try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(lmz), (id, fpr, params) -> p, threads)) {
                        back = in.readAllBytes();
                    }
                    double dt = (System.nanoTime() - t1) / 1e9;
                    if (!Arrays.equals(back, raw)) {
                        throw new IllegalStateException("round trip failed: " + f + " " + mode);
                    }
                    dec = String.format("%.1f", raw.length / 1024.0 / dt);
                }
                System.out.printf("%-14s %-7s %9d %8d %8.4f %9.1f %9s%n", f.getFileName(), mode, raw.length, lmz.length,
                        8.0 * lmz.length / raw.length, raw.length / 1024.0 / ct, dec);
            }
        }
        engine.close();
    }
}
