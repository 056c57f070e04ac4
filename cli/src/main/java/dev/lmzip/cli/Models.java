package dev.lmzip.cli;

import dev.lmzip.codec.ModelMismatchException;
import dev.lmzip.codec.bytemodel.ByteContextModel;
import dev.lmzip.codec.io.BuiltInPredictors;
import dev.lmzip.codec.media.MediaPredictor;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorResolver;
import dev.lmzip.model.file.ModelFile;
import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.ForwardEngine;
import dev.lmzip.model.fixed.Int8Kernels;
import dev.lmzip.model.fixed.QuantizedModel;
import dev.lmzip.model.gpu.CudaDevice;
import dev.lmzip.model.gpu.GpuEngine;
import dev.lmzip.model.gpu.GpuMemory;
import dev.lmzip.model.mix.MixPredictor;
import dev.lmzip.model.predict.LmPredictor;
import dev.lmzip.model.predict.Slide;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns the {@code -m/--model} option into predictors. A MODEL is {@code bytes} (the built-in byte
 * context model), a path to a {@code .lmzm} file, or the name of one in the model directories:
 * {@code $LMZIP_MODELS} (colon-separated), {@code ~/.lmzip/models}, and {@code models/} beside
 * lmzip's installation; {@code MODEL+mix} mixes that language model with models that learn the file
 * as it is coded ({@link MixPredictor}). To decompress, the model whose fingerprint the file names is looked up
 * there when no {@code -m} is given.
 */
final class Models {
    static final String SUFFIX = ".lmzm";
    /** Context window of the language model unless the model allows less. */
    static final int DEFAULT_CONTEXT = 1024;
    /** Segments advanced together by the language model. */
    static final int DEFAULT_LANES = 8;
    /**
     * Frames the mixing predictor codes at a time: each holds its own online models (up to 448 MB
     * of tables plus 4 bytes per byte of token history in 16 MiB frames, online version 3), so
     * 8 lanes could need 4 GB on a large file; lanes do not change the file's bytes.
     */
    static final int MIX_LANES = 2;
    /** The plain language model's frames: 64 KiB, so a file gives the engine many segments to batch. */
    static final int LM_FRAME_SIZE_LOG = 16;
    /**
     * The mixing predictor's frames: 16 MiB, because its online models learn the frame as it is
     * coded and lose what they learned at every frame start, and a single lane costs the engine
     * little on a CPU (house model, online version 3: world192.txt 1.175 bits/byte in 1 MiB frames,
     * 1.077 in one frame; alice29.txt 1.731 in one frame against 1.807 in three 64 KiB frames with
     * an older model). Until 2026-11-26 the default was 1 MiB.
     */
    static final int MIX_FRAME_SIZE_LOG = 24;

    /** The frame size lmzip uses for {@code p} when the user gives none. */
    static int defaultFrameSizeLog(Predictor p) {
        if (p instanceof MixPredictor) {
            return MIX_FRAME_SIZE_LOG;
        }
        return p instanceof LmPredictor ? LM_FRAME_SIZE_LOG : dev.lmzip.codec.io.LmzOptions.DEFAULT_FRAME_SIZE_LOG;
    }
    /** Suffix of a model spec that selects the mixing predictor over that language model. */
    static final String MIX_SUFFIX = "+mix";

    private Models() {
    }

    /** Where the language model runs ({@code --device}): docs/gpu.md. */
    enum Device {
        AUTO, CPU, GPU;

        static Device parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "auto" -> AUTO;
                case "cpu" -> CPU;
                case "gpu", "cuda" -> GPU;
                default -> throw new IllegalArgumentException("--device must be auto, cpu or gpu: " + s);
            };
        }
    }

    private static volatile Device device = Device.AUTO;
    private static boolean noticed;
    /** With -v, the CPU fallback under --device auto is announced; otherwise it is silent (stderr stays clean). */
    private static volatile boolean verbose;

    static void verbose(boolean v) {
        verbose = v;
    }

    /** Set by {@code --device}; reset to auto at the start of each run. */
    static void device(Device d) {
        device = d;
    }

    /**
     * The start-up check: with {@code --device gpu} and no usable CUDA device, the message to print
     * (exit code 1); otherwise null. Detection happens once per process.
     */
    static String deviceRefusal() {
        if (device != Device.GPU) {
            return null;
        }
        CudaDevice.Probe p = CudaDevice.probe();
        return p.usable() ? null : "--device gpu: no usable CUDA device (" + p.reason() + ")";
    }

    /** The forward pass for a language model: the GPU when {@code --device} allows and one is usable. */
    static ForwardEngine engine(QuantizedModel model, int threads, int context) throws IOException {
        Device d = device;
        if (d != Device.CPU) {
            CudaDevice.Probe p = CudaDevice.probe();
            String reason;
            if (p.usable()) {
                GpuMemory plan = GpuMemory.of(model.shape(), context, DEFAULT_LANES, GpuEngine.DEFAULT_ROWS);
                if (plan.fits(p.totalMemory())) {
                    try {
                        return GpuEngine.create(model, GpuEngine.DEFAULT_ROWS);
                    } catch (RuntimeException e) {
                        reason = e.getMessage();
                    }
                } else {
                    reason = "the model needs " + plan.describe() + ", " + p.describe();
                }
            } else {
                reason = p.reason();
            }
            if (d == Device.GPU) {
                throw new IOException("--device gpu: " + reason);
            }
            synchronized (Models.class) {
                if (!noticed && verbose) {
                    noticed = true;
                    System.err.println("lmzip: no usable CUDA device (" + reason + "); the language model runs on the CPU");
                }
            }
        }
        return new Engine(model, Int8Kernels.select(), threads);
    }

    /** The model lmzip ships (models/house.lmzm), used with online mixing unless told otherwise. */
    static final String HOUSE = "house";

    /**
     * {@code $LMZIP_MODEL} when set (like GZIP or ZSTD_CLEVEL), else the house language model with
     * online mixing ({@code house+mix}) when it is installed (models/ of the repository or
     * distribution, ~/.lmzip/models or $LMZIP_MODELS), else the byte model.
     */
    static String defaultModel() {
        String env = System.getenv("LMZIP_MODEL");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        return find(HOUSE) != null ? HOUSE + MIX_SUFFIX : ByteContextModel.ID;
    }

    static Predictor forCompression(String model, int threads) throws IOException {
        String name = model == null ? defaultModel() : model;
        Predictor bytes = BuiltInPredictors.byteModel(name);
        if (bytes != null) {
            return bytes;
        }
        if (name.endsWith(MIX_SUFFIX)) {
            String base = name.substring(0, name.length() - MIX_SUFFIX.length());
            Path file = find(base);
            if (file == null) {
                throw new ModelMismatchException("unknown model '" + base + "' (not a file, not in " + directories() + ")");
            }
            return mixModel(file, threads, DEFAULT_CONTEXT, MixPredictor.Mode.BOTH, Slide.DEFAULT);
        }
        Path file = find(name);
        if (file == null) {
            throw new ModelMismatchException("unknown model '" + name + "' (not 'bytes', not a file, not in "
                    + directories() + ")");
        }
        return languageModel(file, threads, DEFAULT_CONTEXT, Slide.DEFAULT);
    }

    static LmPredictor languageModel(Path file, int threads, int context, Slide slide) throws IOException {
        ModelFile m = ModelFile.open(file); // mapped for the life of the process
        int window = Math.min(context, m.model().shape().maxPositions());
        ForwardEngine engine = engine(m.model(), threads, window);
        return new LmPredictor(engine, m.tokenizer(), m.fingerprint(), window, DEFAULT_LANES, slide);
    }

    static MixPredictor mixModel(Path file, int threads, int context, MixPredictor.Mode mode, Slide slide)
            throws IOException {
        return mixModel(file, threads, context, mode, slide, MixPredictor.ONLINE_VERSION);
    }

    static MixPredictor mixModel(Path file, int threads, int context, MixPredictor.Mode mode, Slide slide, int onlineVersion)
            throws IOException {
        ModelFile m = ModelFile.open(file); // mapped for the life of the process
        int window = Math.min(context, m.model().shape().maxPositions());
        ForwardEngine engine = mode == MixPredictor.Mode.ONLINE_ONLY ? null : engine(m.model(), threads, window);
        return new MixPredictor(engine, m.tokenizer(), m.fingerprint(), window, MIX_LANES, mode, slide, onlineVersion);
    }

    /** The slide the file's params record; an unknown one is a model mismatch (a newer lmzip wrote it). */
    static Slide slide(byte[] params) throws ModelMismatchException {
        try {
            return Slide.fromParams(params);
        } catch (IllegalArgumentException e) {
            throw new ModelMismatchException("the file's language-model parameters are not supported: " + e.getMessage());
        }
    }

    /** True for the predictors that run the language model (they want small frames to batch many lanes). */
    static boolean isLanguageModel(Predictor p) {
        return p instanceof LmPredictor || p instanceof MixPredictor;
    }

    /** The mixing predictor a file names: its language model is found by the fingerprint in the params. */
    private static Predictor mixForDecompression(String model, int threads, String id, byte[] fingerprint, byte[] params)
            throws IOException {
        int context = context(params);
        String lm = MixPredictor.param(params, "lm");
        String modeLabel = MixPredictor.param(params, "mix");
        MixPredictor.Mode mode;
        byte[] lmFingerprint;
        try {
            mode = MixPredictor.Mode.of(modeLabel == null ? "" : modeLabel);
            lmFingerprint = HexFormat.of().parseHex(lm == null ? "" : lm);
        } catch (IllegalArgumentException e) {
            throw new ModelMismatchException("the file's mixing parameters are invalid: " + e.getMessage());
        }
        int onlineVersion = MixPredictor.onlineVersion(params);
        if (onlineVersion < 0) {
            throw new ModelMismatchException("the file's mixing parameters are not supported: online="
                    + MixPredictor.param(params, "online") + " (a newer lmzip wrote it)");
        }
        if (lmFingerprint.length != MixPredictor.SHORT_LM_KEY && lmFingerprint.length != 32) {
            throw new ModelMismatchException("the file's mixing parameters are invalid: lm= has " + lmFingerprint.length
                    + " bytes");
        }
        Path file;
        if (model != null) {
            String base = model.endsWith(MIX_SUFFIX) ? model.substring(0, model.length() - MIX_SUFFIX.length()) : model;
            file = find(base);
            if (file == null) {
                throw new ModelMismatchException("unknown model '" + model + "'");
            }
        } else {
            file = byFingerprint(lmFingerprint);
            if (file == null) {
                throw new ModelMismatchException("the file needs the model with fingerprint "
                        + HexFormat.of().formatHex(lmFingerprint) + (lmFingerprint.length < 32 ? "…" : "")
                        + ", which is not in " + directories() + "; give it with -m");
            }
        }
        return checked(mixModel(file, threads, context, mode, slide(params), onlineVersion).lmKeyBytes(lmFingerprint.length),
                id, fingerprint);
    }

    /** Resolves the predictor a file names; with {@code -m}, that model must be the one the file needs. */
    static PredictorResolver forDecompression(String model, int threads) {
        return (id, fingerprint, params) -> {
            // a built-in predictor, when -m names none or that one (media is never named: -m does not apply)
            if (BuiltInPredictors.isBuiltIn(id) && (model == null || model.equals(id) || id.equals(MediaPredictor.ID))) {
                return checked(BuiltInPredictors.resolver().resolve(id, fingerprint, params), id, fingerprint);
            }
            if (id.equals(MixPredictor.ID)) {
                return mixForDecompression(model, threads, id, fingerprint, params);
            }
            if (!id.equals(LmPredictor.ID)) {
                if (model != null) {
                    Predictor p = forCompression(model, threads);
                    return checked(p, id, fingerprint);
                }
                throw new ModelMismatchException("the file needs predictor '" + id + "', which this lmzip does not have");
            }
            int context = context(params);
            Path file;
            if (model != null) {
                if (model.equals(ByteContextModel.ID)) {
                    throw new ModelMismatchException(id, fingerprint, ByteContextModel.ID, new ByteContextModel().fingerprint());
                }
                file = find(model);
                if (file == null) {
                    throw new ModelMismatchException("unknown model '" + model + "'");
                }
                byte[] fp = ModelFile.readFingerprint(file);
                if (!Arrays.equals(fp, fingerprint)) {
                    throw new ModelMismatchException(id, fingerprint, LmPredictor.ID + " " + file, fp);
                }
            } else {
                file = byFingerprint(fingerprint);
                if (file == null) {
                    throw new ModelMismatchException("the file needs the model with fingerprint "
                            + HexFormat.of().formatHex(fingerprint) + ", which is not in " + directories() + "; give it with -m");
                }
            }
            return checked(languageModel(file, threads, context, slide(params)), id, fingerprint);
        };
    }

    private static Predictor checked(Predictor p, String id, byte[] fingerprint) throws ModelMismatchException {
        if (!p.id().equals(id) || !Arrays.equals(p.fingerprint(), fingerprint)) {
            throw new ModelMismatchException(id, fingerprint, p.id(), p.fingerprint());
        }
        return p;
    }

    /** The {@code context=N} parameter the encoder recorded (it decides probabilities, so the decoder must follow it). */
    static int context(byte[] params) throws ModelMismatchException {
        String value = LmPredictor.param(params, "context");
        if (value != null) {
            try {
                int c = Integer.parseInt(value);
                if (c >= 2 && c <= 1 << 20) {
                    return c;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new ModelMismatchException("the file's language-model parameters lack a valid context length");
    }

    /** A model given by path or by name in the model directories; null when there is none. */
    static Path find(String spec) {
        Path direct = Path.of(spec);
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        for (Path dir : directories()) {
            Path p = dir.resolve(spec.endsWith(SUFFIX) ? spec : spec + SUFFIX);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The model file whose fingerprint is, or starts with, {@code fingerprint}; null when there is none. */
    private static Path byFingerprint(byte[] fingerprint) {
        for (Path dir : directories()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
                for (Path p : s) {
                    try {
                        byte[] fp = ModelFile.readFingerprint(p);
                        if (fp.length >= fingerprint.length && Arrays.equals(fp, 0, fingerprint.length, fingerprint, 0,
                                fingerprint.length)) { // a prefix (lm-mix's lm= key) or all of it
                            return p;
                        }
                    } catch (IOException ignored) {
                        // not a model file: skip
                    }
                }
            } catch (IOException ignored) {
                // unreadable directory: skip
            }
        }
        return null;
    }

    static List<Path> directories() {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("LMZIP_MODELS");
        if (env != null && !env.isBlank()) {
            for (String p : env.split(":")) {
                if (!p.isBlank()) {
                    dirs.add(Path.of(p));
                }
            }
        }
        dirs.add(Path.of(System.getProperty("user.home"), ".lmzip", "models"));
        Path install = installDirectory();
        if (install != null) {
            dirs.add(install.resolve("models"));
        }
        return dirs;
    }

    /** The repository (or unpacked distribution) lmzip runs from: two levels above cli/target/lmzip.jar. */
    private static Path installDirectory() {
        try {
            Path jar = Path.of(Models.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent() == null ? null : jar.getParent().getParent();
            return root == null ? null : root.getParent();
        } catch (Exception e) {
            return null;
        }
    }
}
