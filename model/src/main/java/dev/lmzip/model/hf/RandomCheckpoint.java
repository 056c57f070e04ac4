package dev.lmzip.model.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a complete, deterministic Hugging Face checkpoint directory (config.json + model.safetensors, or
 * two-or-more shards with model.safetensors.index.json) of either architecture, with random weights:
 * linear and embedding weights ~ N(0, std), LayerNorm weights 1 + N(0, 0.05), biases N(0, 0.02).
 *
 * <p>Bit-reproducible everywhere: one {@link SplittableRandom} stream consumed in tensor order, normals by
 * Box–Muller with {@link StrictMath}, so the same arguments give the same bytes on every JVM and platform.
 *
 * <p>Command line (used to make the golden test checkpoints, see model/tools/README.md):
 * {@code RandomCheckpoint --arch stablelm|gpt_neox --vocab V --hidden D --intermediate F --layers L --heads H
 * [--kv-heads KV] [--rotary 0.25] [--theta 10000] [--parallel-residual true|false] [--qkv-bias] [--qk-layernorm]
 * [--dtype f32|bf16|f16] [--shards N] [--seed S] [--std 0.02] [--tokens N] --out DIR}.
 * With {@code --tokens N} it also writes tokens.txt (N ids, deterministic from the seed); it always writes
 * args.txt with its own arguments so the directory can be regenerated.
 */
public final class RandomCheckpoint {
    private final ModelConfig config;
    private final long seed;
    private final DType dtype;
    private final int shards;
    private final double std;

    /**
     * @param config model shape and switches
     * @param seed   RNG seed
     * @param dtype  storage type: F32, BF16 or F16
     * @param shards 1 for model.safetensors, more for an index + that many shard files
     * @param std    standard deviation of linear/embedding weights (HF's initializer_range is 0.02)
     */
    public RandomCheckpoint(ModelConfig config, long seed, DType dtype, int shards, double std) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be >= 1");
        }
        this.config = config;
        this.seed = seed;
        this.dtype = dtype;
        this.shards = shards;
        this.std = std;
    }

    /** A tiny StableLM: vocab 512, hidden 64, 2 layers, 4 heads (head_dim 16, 4 rotary dims), intermediate 160. */
    public static ModelConfig tinyStableLm() {
        return ModelConfig.stableLm(512, 64, 160, 2, 4, 4);
    }

    /** A tiny GPT-NeoX of the same shape (Pythia switches). */
    public static ModelConfig tinyGptNeox() {
        return ModelConfig.gptNeox(512, 64, 160, 2, 4);
    }

    /** Writes the directory (created if needed); returns it. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Named> all = generate();
        Files.writeString(dir.resolve("config.json"), config.toJson(switch (dtype) {
            case BF16 -> "bfloat16";
            case F16 -> "float16";
            default -> "float32";
        }), StandardCharsets.UTF_8);
        if (shards == 1) {
            SafetensorsWriter w = new SafetensorsWriter();
            all.forEach(t -> w.add(t.name, dtype, t.shape, t.values));
            w.write(dir.resolve(TensorStore.SINGLE_FILE));
            return dir;
        }
        // contiguous groups of roughly equal element count
        long total = all.stream().mapToLong(t -> t.values.length).sum();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode index = json.createObjectNode();
        index.putObject("metadata").put("total_size", total * dtype.byteSize());
        ObjectNode map = index.putObject("weight_map");
        int next = 0;
        long done = 0;
        for (int s = 1; s <= shards; s++) {
            String file = String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", s, shards);
            SafetensorsWriter w = new SafetensorsWriter();
            long target = total * s / shards;
            while (next < all.size() && (done < target || s == shards)) {
                Named t = all.get(next++);
                w.add(t.name, dtype, t.shape, t.values);
                map.put(t.name, file);
                done += t.values.length;
            }
            w.write(dir.resolve(file));
        }
        Files.writeString(dir.resolve(TensorStore.INDEX_FILE), json.writeValueAsString(index) + "\n");
        return dir;
    }

    private record Named(String name, long[] shape, float[] values) {
    }

    /** All tensors in HF order, drawn from one RNG stream. */
    private List<Named> generate() {
        Gauss g = new Gauss(seed);
        List<Named> out = new ArrayList<>();
        Architecture a = config.architecture();
        int d = config.hiddenSize(), v = config.vocabSize(), f = config.intermediateSize();
        int qDim = config.numHeads() * config.headDim(), kvDim = config.kvDim(), hd = config.headDim();
        out.add(normal(g, HfNames.embedding(a), std, v, d));
        for (int i = 0; i < config.numLayers(); i++) {
            String p = HfNames.layer(a, i);
            norm(g, out, p + HfNames.LN1, d);
            if (config.hasPostAttentionLayernorm()) {
                norm(g, out, p + HfNames.LN2, d);
            }
            if (a == Architecture.STABLELM) {
                out.add(normal(g, p + HfNames.SL_Q + "weight", std, qDim, d));
                out.add(normal(g, p + HfNames.SL_K + "weight", std, kvDim, d));
                out.add(normal(g, p + HfNames.SL_V + "weight", std, kvDim, d));
                if (config.useQkvBias()) {
                    out.add(normal(g, p + HfNames.SL_Q + "bias", 0.02, qDim));
                    out.add(normal(g, p + HfNames.SL_K + "bias", 0.02, kvDim));
                    out.add(normal(g, p + HfNames.SL_V + "bias", 0.02, kvDim));
                }
                if (config.qkLayernorm()) {
                    for (int h = 0; h < config.numHeads(); h++) {
                        out.add(around1(g, p + HfNames.SL_QNORM + h + ".weight", hd));
                    }
                    for (int h = 0; h < config.numKvHeads(); h++) {
                        out.add(around1(g, p + HfNames.SL_KNORM + h + ".weight", hd));
                    }
                }
                out.add(normal(g, p + HfNames.SL_O + "weight", std, d, qDim));
                out.add(normal(g, p + HfNames.SL_GATE, std, f, d));
                out.add(normal(g, p + HfNames.SL_UP, std, f, d));
                out.add(normal(g, p + HfNames.SL_DOWN, std, d, f));
            } else {
                out.add(normal(g, p + HfNames.NX_QKV + "weight", std, 3L * d, d));
                if (config.useQkvBias()) {
                    out.add(normal(g, p + HfNames.NX_QKV + "bias", 0.02, 3L * d));
                }
                out.add(normal(g, p + HfNames.NX_DENSE + "weight", std, d, d));
                if (config.attentionOutBias()) {
                    out.add(normal(g, p + HfNames.NX_DENSE + "bias", 0.02, d));
                }
                out.add(normal(g, p + HfNames.NX_FC_IN + "weight", std, f, d));
                out.add(normal(g, p + HfNames.NX_FC_IN + "bias", 0.02, f));
                out.add(normal(g, p + HfNames.NX_FC_OUT + "weight", std, d, f));
                out.add(normal(g, p + HfNames.NX_FC_OUT + "bias", 0.02, d));
            }
        }
        norm(g, out, HfNames.finalNorm(a), d);
        if (!config.tieWordEmbeddings()) {
            out.add(normal(g, HfNames.lmHead(a), std, v, d));
        }
        return out;
    }

    private static void norm(Gauss g, List<Named> out, String prefix, int n) {
        out.add(around1(g, prefix + "weight", n));
        out.add(normal(g, prefix + "bias", 0.02, n));
    }

    private static Named around1(Gauss g, String name, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (1 + 0.05 * g.next());
        }
        return new Named(name, new long[]{n}, x);
    }

    private static Named normal(Gauss g, String name, double std, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] x = new float[Math.toIntExact(n)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (std * g.next());
        }
        return new Named(name, shape, x);
    }

    /** Standard normals by Box–Muller from a SplittableRandom, StrictMath throughout (platform-independent). */
    static final class Gauss {
        private final SplittableRandom rng;
        private double spare;
        private boolean hasSpare;

        Gauss(long seed) {
            rng = new SplittableRandom(seed);
        }

        double next() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double u1 = ((rng.nextLong() >>> 11) + 1) * 0x1.0p-53; // (0, 1]
            double u2 = (rng.nextLong() >>> 11) * 0x1.0p-53;       // [0, 1)
            double r = StrictMath.sqrt(-2 * StrictMath.log(u1));
            double a = 2 * StrictMath.PI * u2;
            spare = r * StrictMath.sin(a);
            hasSpare = true;
            return r * StrictMath.cos(a);
        }
    }

    /** Deterministic token ids in [0, vocab) for tests. */
    public static int[] randomTokens(long seed, int count, int vocab) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x70CE115L);
        int[] t = new int[count];
        for (int i = 0; i < count; i++) {
            t[i] = r.nextInt(vocab);
        }
        return t;
    }

    public static void main(String[] args) throws IOException {
        String arch = null;
        Path out = null;
        int vocab = 0, hidden = 0, inter = 0, layers = 0, heads = 0, kvHeads = -1, shards = 1, tokens = 0;
        double rotary = 0.25, theta = 10000, std = 0.02;
        Boolean parallel = null;
        boolean qkvBias = false, qkNorm = false;
        long seed = 0;
        DType dt = DType.F32;
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            switch (k) {
                case "--qkv-bias" -> qkvBias = true;
                case "--qk-layernorm" -> qkNorm = true;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value after " + k);
                    }
                    String v = args[++i];
                    switch (k) {
                        case "--arch" -> arch = v;
                        case "--out" -> out = Path.of(v);
                        case "--vocab" -> vocab = Integer.parseInt(v);
                        case "--hidden" -> hidden = Integer.parseInt(v);
                        case "--intermediate" -> inter = Integer.parseInt(v);
                        case "--layers" -> layers = Integer.parseInt(v);
                        case "--heads" -> heads = Integer.parseInt(v);
                        case "--kv-heads" -> kvHeads = Integer.parseInt(v);
                        case "--shards" -> shards = Integer.parseInt(v);
                        case "--tokens" -> tokens = Integer.parseInt(v);
                        case "--rotary" -> rotary = Double.parseDouble(v);
                        case "--theta" -> theta = Double.parseDouble(v);
                        case "--std" -> std = Double.parseDouble(v);
                        case "--seed" -> seed = Long.parseLong(v);
                        case "--parallel-residual" -> parallel = Boolean.parseBoolean(v);
                        case "--dtype" -> dt = DType.valueOf(v.toUpperCase(Locale.ROOT));
                        default -> throw new IllegalArgumentException("unknown option " + k);
                    }
                }
            }
        }
        if (arch == null || out == null) {
            throw new IllegalArgumentException("--arch and --out are required");
        }
        ModelConfig c = switch (arch) {
            case "stablelm" -> ModelConfig.stableLm(vocab, hidden, inter, layers, heads, kvHeads < 0 ? heads : kvHeads)
                    .withSwitches(parallel != null && parallel, qkvBias, qkNorm);
            case "gpt_neox" -> ModelConfig.gptNeox(vocab, hidden, inter, layers, heads)
                    .withSwitches(parallel == null || parallel, true, false);
            default -> throw new IllegalArgumentException("--arch must be stablelm or gpt_neox");
        };
        c = c.withPartialRotaryFactor(rotary).withRopeTheta(theta);
        new RandomCheckpoint(c, seed, dt, shards, std).write(out);
        StringBuilder a = new StringBuilder();
        for (String s : args) {
            if (!a.isEmpty()) {
                a.append(' ');
            }
            a.append(s);
        }
        Files.writeString(out.resolve("args.txt"), a.append('\n').toString());
        if (tokens > 0) {
            StringBuilder t = new StringBuilder();
            for (int id : randomTokens(seed, tokens, vocab)) {
                t.append(t.isEmpty() ? "" : " ").append(id);
            }
            Files.writeString(out.resolve("tokens.txt"), t.append('\n').toString());
        }
        System.out.println("wrote " + out + ": " + c);
    }
}
