package dev.lmzip.bench;

import dev.lmzip.codec.bytemodel.ByteContextModel;
import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.io.LmzOptions;
import dev.lmzip.codec.io.LmzOutputStream;
import dev.lmzip.codec.media.MediaLayout;
import dev.lmzip.codec.media.MediaPredictor;
import dev.lmzip.codec.media.rebuild.DecodedForm;
import dev.lmzip.codec.media.rebuild.NotRebuildableException;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorResolver;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;

/** lmzip itself: a complete {@code .lmz} file through {@link LmzOutputStream} / {@link LmzInputStream}. */
public final class LmzCompressor implements Compressor {
    private final Predictor predictor;
    private final PredictorResolver resolver;
    private final int threads;
    private final int frameSizeLog;
    private final String name;
    private final boolean decoded;

    /** The built-in byte model, one thread per core, default frame size. */
    public LmzCompressor() {
        this(new ByteContextModel(), LmzInputStream.builtIn(), Runtime.getRuntime().availableProcessors());
    }

    public LmzCompressor(Predictor predictor, PredictorResolver resolver, int threads) {
        this(predictor, resolver, threads, LmzOptions.DEFAULT_FRAME_SIZE_LOG, "lmzip (" + predictor.id() + ")");
    }

    /**
     * @param predictor    used to compress; it is not closed by this class
     * @param resolver     finds the predictor again to decompress
     * @param threads      worker threads of both directions
     * @param frameSizeLog frames of {@code 2^frameSizeLog} bytes
     * @param name         the column name in the report
     */
    public LmzCompressor(Predictor predictor, PredictorResolver resolver, int threads, int frameSizeLog, String name) {
        this(predictor, resolver, threads, frameSizeLog, name, false);
    }

    private LmzCompressor(Predictor predictor, PredictorResolver resolver, int threads, int frameSizeLog, String name,
                          boolean decoded) {
        this.decoded = decoded;
        this.predictor = Objects.requireNonNull(predictor);
        this.resolver = Objects.requireNonNull(resolver);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
        this.frameSizeLog = frameSizeLog;
        this.name = Objects.requireNonNull(name);
        LmzOptions.defaults().frameSizeLog(frameSizeLog); // validates
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * This compressor as {@code lmzip --decoded} works: a PNG or FLAC input it can rebuild exactly is coded as its
     * decoded pixels or samples with the media predictor; anything else as before. The resolver must know {@code media}.
     */
    public LmzCompressor decoded() {
        return new LmzCompressor(predictor, resolver, threads, frameSizeLog, name + " --decoded", true);
    }

    @Override
    public byte[] compress(byte[] in) throws IOException {
        if (decoded && DecodedForm.recognizes(in, in.length)) {
            try {
                DecodedForm form = DecodedForm.of(in);
                byte[] coded = compress(form.content(), new MediaPredictor(form.layout()),
                        MediaLayout.frameSizeLog(form.content().length));
                if (coded.length < in.length) {
                    return coded;
                }
                byte[] asBytes = compress(in, predictor, frameSizeLog); // as the command line: the smaller of the two
                return asBytes.length <= coded.length ? asBytes : coded;
            } catch (NotRebuildableException e) {
                // coded as its bytes, as the command line does
            }
        }
        return compress(in, predictor, frameSizeLog);
    }

    private byte[] compress(byte[] in, Predictor predictor, int frameSizeLog) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(in.length / 3 + 256);
        LmzOptions opts = LmzOptions.defaults().predictor(predictor).threads(threads).frameSizeLog(frameSizeLog);
        try (LmzOutputStream out = new LmzOutputStream(bos, opts)) {
            out.write(in);
        }
        return bos.toByteArray();
    }

    @Override
    public byte[] decompress(byte[] in) throws IOException {
        try (LmzInputStream lz = new LmzInputStream(new ByteArrayInputStream(in), resolver, threads)) {
            return lz.readAllBytes();
        }
    }
}
