package dev.lmzip.codec.io;

import dev.lmzip.codec.bytemodel.ByteContextModel;
import dev.lmzip.codec.container.FileHeader;
import dev.lmzip.codec.predict.Predictor;

import java.util.Objects;
import java.util.function.LongConsumer;

/** Settings of an {@link LmzOutputStream} (and the thread count of an {@link LmzInputStream}). */
public final class LmzOptions {
    public static final int DEFAULT_FRAME_SIZE_LOG = 20;

    private Predictor predictor;
    private int frameSizeLog = DEFAULT_FRAME_SIZE_LOG;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int lanes;
    private boolean fallback = true;
    private LongConsumer progress = bytes -> { };
    private boolean index = true;

    public static LmzOptions defaults() {
        return new LmzOptions();
    }

    public Predictor predictor() {
        if (predictor == null) {
            predictor = new ByteContextModel();
        }
        return predictor;
    }

    public LmzOptions predictor(Predictor p) {
        this.predictor = Objects.requireNonNull(p);
        return this;
    }

    public int frameSizeLog() {
        return frameSizeLog;
    }

    /** Frames hold at most {@code 2^log} raw bytes. */
    public LmzOptions frameSizeLog(int log) {
        if (log < FileHeader.MIN_FRAME_SIZE_LOG || log > FileHeader.MAX_FRAME_SIZE_LOG) {
            throw new IllegalArgumentException("frame size must be 2^" + FileHeader.MIN_FRAME_SIZE_LOG + " … 2^"
                    + FileHeader.MAX_FRAME_SIZE_LOG + " bytes");
        }
        this.frameSizeLog = log;
        return this;
    }

    public int threads() {
        return threads;
    }

    public LmzOptions threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.threads = threads;
        return this;
    }

    /** Frames advanced together in one predictor batch; 0 means the predictor's preference. */
    public int lanes() {
        return lanes > 0 ? lanes : predictor().preferredLanes();
    }

    /** Whether each frame is also coded with the built-in byte model, keeping the smaller (default true). */
    public boolean fallback() {
        return fallback;
    }

    /**
     * Per-frame method choice: with a language model, also code every frame with the fast byte
     * model ({@code bytes2}) and keep whichever is smaller (docs/format.md, method 4). Costs the byte model's time
     * (about 1 MB/s) on top of the predictor's.
     */
    public LmzOptions fallback(boolean fallback) {
        this.fallback = fallback;
        return this;
    }

    public LmzOptions lanes(int lanes) {
        if (lanes < 0) {
            throw new IllegalArgumentException("lanes must be positive");
        }
        this.lanes = lanes;
        return this;
    }

    /** Whether {@link LmzOutputStream#finish()} writes the frame index (docs/format.md); default true. */
    public boolean index() {
        return index;
    }

    /**
     * Write the seekable frame index after the end frame (the default), or leave it out: 16 bytes
     * per frame plus 20 that let readers find frames without decoding and split the file.
     */
    public LmzOptions index(boolean index) {
        this.index = index;
        return this;
    }

    public LongConsumer progress() {
        return progress;
    }

    /** Called with the number of raw bytes each time a frame is finished (from the caller's thread). */
    public LmzOptions progress(LongConsumer progress) {
        this.progress = Objects.requireNonNull(progress);
        return this;
    }
}
