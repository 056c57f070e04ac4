package dev.lmzip.hadoop;

import dev.lmzip.codec.ModelMismatchException;
import dev.lmzip.codec.bytemodel.ByteContextModel;
import dev.lmzip.codec.io.BuiltInPredictors;
import dev.lmzip.codec.io.PredictorProvider;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorResolver;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.util.Locale;
import java.util.ServiceLoader;

/** The configuration keys of {@link LmzCodec} and what they select. */
public final class LmzConf {
    /** {@code bytes} (default, the built-in byte model), {@code bytes2} or a model a {@link PredictorProvider} on the class path opens (e.g. a model file path). */
    public static final String MODEL = "lmzip.model";
    /** {@code auto} (default) or {@code cpu}; only the CPU exists in this build. */
    public static final String DEVICE = "lmzip.device";
    /** Raw bytes per frame when writing, a power of two (default 1M); frames are the unit of splitting. */
    public static final String FRAME_SIZE = "lmzip.frame.size";
    /** Worker threads per stream (default 1: Spark and MapReduce run one task per core). */
    public static final String THREADS = "lmzip.threads";
    /** Write the frame index (default true); without it readers walk the frame headers to split. */
    public static final String INDEX = "lmzip.index";

    private final String model;
    private final int frameSizeLog;
    private final int threads;
    private final boolean index;

    LmzConf(Configuration conf) {
        Configuration c = conf == null ? new Configuration(false) : conf;
        this.model = c.getTrimmed(MODEL, ByteContextModel.ID);
        String device = c.getTrimmed(DEVICE, "auto").toLowerCase(Locale.ROOT);
        switch (device) {
            case "auto", "cpu" -> { }
            case "gpu", "cuda" -> throw new IllegalArgumentException(DEVICE + "=" + device
                    + ": this lmzip has no GPU predictor; use auto or cpu");
            default -> throw new IllegalArgumentException(DEVICE + "=" + device + ": expected auto or cpu");
        }
        long frameSize = c.getLongBytes(FRAME_SIZE, 1L << 20);
        if (frameSize < 1024 || frameSize > (1L << 30) || Long.bitCount(frameSize) != 1) {
            throw new IllegalArgumentException(FRAME_SIZE + " must be a power of two from 1k to 1g: " + frameSize);
        }
        this.frameSizeLog = 63 - Long.numberOfLeadingZeros(frameSize);
        this.threads = c.getInt(THREADS, 1);
        if (threads < 1) {
            throw new IllegalArgumentException(THREADS + " must be at least 1");
        }
        this.index = c.getBoolean(INDEX, true);
    }

    String model() {
        return model;
    }

    int frameSizeLog() {
        return frameSizeLog;
    }

    int threads() {
        return threads;
    }

    boolean index() {
        return index;
    }

    /** The configured predictor. */
    Predictor predictor() throws IOException {
        return predictor(null);
    }

    /** The configured predictor, following a file's recorded params when decoding ({@code params} non-null). */
    private Predictor predictor(byte[] params) throws IOException {
        Predictor bytes = BuiltInPredictors.byteModel(model);
        if (bytes != null) {
            return bytes;
        }
        for (PredictorProvider p : ServiceLoader.load(PredictorProvider.class, LmzConf.class.getClassLoader())) {
            Predictor predictor = params == null ? p.open(model, threads) : p.openForDecoding(model, threads, params);
            if (predictor != null) {
                return predictor;
            }
        }
        throw new ModelMismatchException(MODEL + "=" + model + ": not 'bytes' or 'bytes2', and no PredictorProvider on the class "
                + "path opens it (ship the model's jar and file to every node)");
    }

    /**
     * Decoding: a built-in predictor a file names (bytes, bytes2, media) whatever the configuration;
     * else the configured model, which must be the one the file names (id and fingerprint).
     */
    PredictorResolver resolver() {
        PredictorResolver builtIn = BuiltInPredictors.resolver();
        return (id, fingerprint, params) -> BuiltInPredictors.isBuiltIn(id) ? builtIn.resolve(id, fingerprint, params)
                : predictor(params);
    }
}
