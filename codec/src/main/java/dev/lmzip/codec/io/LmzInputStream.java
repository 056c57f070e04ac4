package dev.lmzip.codec.io;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.ModelMismatchException;
import dev.lmzip.codec.container.ContainerReader;
import dev.lmzip.codec.container.FileHeader;
import dev.lmzip.codec.container.Frame;
import dev.lmzip.codec.container.FrameCoder;
import dev.lmzip.codec.media.MediaLayout;
import dev.lmzip.codec.media.MediaPredictor;
import dev.lmzip.codec.media.rebuild.DecodedForm;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorBatch;
import dev.lmzip.codec.predict.PredictorResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * Decompresses the .lmz format, like xz-java's {@code XZInputStream}. Reads ahead and decodes
 * frames on worker threads; every frame's checksum, and at the end the whole content's, is
 * verified before {@link #read} reports end of stream.
 *
 * <p>A file that holds the decoded form of a PNG or FLAC file (media params {@code source=}, see
 * docs/media.md) reads as the rebuilt original file: the whole content is decoded first, then the
 * file is rebuilt and its recorded length and CRC32C are checked.
 */
public final class LmzInputStream extends InputStream {
    /** Default memory limit for one frame (frames of larger files are refused). */
    public static final int DEFAULT_MAX_FRAME_SIZE = 1 << 30;

    private final InputStream in;
    private final ContainerReader reader;
    private final Predictor predictor;
    private final FrameCoder coder;
    private final BatchPool pool;
    private final ArrayDeque<Future<byte[][]>> inFlight = new ArrayDeque<>();
    private final CRC32C contentCrc = new CRC32C();
    private byte[][] current = new byte[0][];
    private int currentFrame;
    private int currentPos;
    private long framesScheduled;
    private boolean inputEnded;
    private boolean verifiedEnd;
    private IOException failure;
    private boolean closed;
    /** The layout of a decoded PNG/FLAC form, else null. */
    private final MediaLayout decodedForm;
    private byte[] rebuilt;
    private int rebuiltPos;

    /** Decodes files made with the built-in byte model only. */
    public LmzInputStream(InputStream in) throws IOException {
        this(in, builtIn(), Runtime.getRuntime().availableProcessors());
    }

    public LmzInputStream(InputStream in, PredictorResolver resolver, int threads) throws IOException {
        this(in, resolver, threads, DEFAULT_MAX_FRAME_SIZE);
    }

    public LmzInputStream(InputStream in, PredictorResolver resolver, int threads, int maxFrameSize) throws IOException {
        this.in = in;
        this.reader = new ContainerReader(in, maxFrameSize);
        FileHeader h = reader.header();
        this.predictor = resolve(resolver, h);
        this.coder = new FrameCoder(predictor);
        this.pool = new BatchPool(predictor, predictor.preferredLanes(), threads);
        this.decodedForm = decodedForm(predictor);
    }

    /** The layout when a predictor codes the decoded form of a PNG or FLAC file, else null. */
    static MediaLayout decodedForm(Predictor predictor) {
        return predictor instanceof MediaPredictor m && m.layout().source() != MediaLayout.Source.RAW ? m.layout() : null;
    }

    /** The predictor a header names, refusing one of another id or fingerprint. */
    static Predictor resolve(PredictorResolver resolver, FileHeader h) throws IOException {
        Predictor predictor = resolver.resolve(h.predictorId(), h.fingerprint(), h.params());
        if (!predictor.id().equals(h.predictorId()) || !Arrays.equals(predictor.fingerprint(), h.fingerprint())) {
            throw new ModelMismatchException(h.predictorId(), h.fingerprint(), predictor.id(), predictor.fingerprint());
        }
        // same model, other settings (context, slide, …) would decode garbage: refuse it instead
        if (!Arrays.equals(predictor.params(), h.params())) {
            throw new ModelMismatchException("the file was coded with predictor parameters '" + printable(h.params())
                    + "' but the predictor given uses '" + printable(predictor.params()) + "'");
        }
        return predictor;
    }

    /** True when the stream ended with a frame index (known at the end of the stream). */
    public boolean hasIndex() {
        return reader.hasIndex();
    }

    private static String printable(byte[] params) {
        return new String(params, java.nio.charset.StandardCharsets.UTF_8).replace('\n', ';');
    }

    /** A resolver that knows the built-in predictors: the byte models and the media model. */
    public static PredictorResolver builtIn() {
        return BuiltInPredictors.resolver();
    }

    public FileHeader header() {
        return reader.header();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        checkOpen();
        if (len == 0) {
            return 0;
        }
        if (decodedForm != null) {
            return readRebuilt(b, off, len);
        }
        return readContent(b, off, len);
    }

    private int readRebuilt(byte[] b, int off, int len) throws IOException {
        if (rebuilt == null) {
            java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = readContent(buf, 0, buf.length)) > 0) {
                content.write(buf, 0, n);
            }
            try {
                rebuilt = DecodedForm.rebuild(decodedForm, content.toByteArray());
            } catch (IOException e) {
                throw fail(e);
            }
        }
        if (rebuiltPos == rebuilt.length) {
            return -1;
        }
        int n = Math.min(len, rebuilt.length - rebuiltPos);
        System.arraycopy(rebuilt, rebuiltPos, b, off, n);
        rebuiltPos += n;
        return n;
    }

    /** Reads the container's content (for a decoded form: the form itself). */
    private int readContent(byte[] b, int off, int len) throws IOException {
        while (currentFrame >= current.length || currentPos >= current[currentFrame].length) {
            if (currentFrame < current.length) {
                currentFrame++;
                currentPos = 0;
                continue;
            }
            if (!nextGroup()) {
                return -1;
            }
        }
        byte[] frame = current[currentFrame];
        int n = Math.min(len, frame.length - currentPos);
        System.arraycopy(frame, currentPos, b, off, n);
        currentPos += n;
        return n;
    }

    /** Loads the next decoded group; false at the verified end of the stream. */
    private boolean nextGroup() throws IOException {
        try {
            fillPipeline();
            if (inFlight.isEmpty()) {
                verifyEnd();
                return false;
            }
            byte[][] frames;
            try {
                frames = inFlight.poll().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while decompressing");
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof IOException io ? io : new IOException("decompression failed: " + c, c);
            }
            for (byte[] f : frames) {
                contentCrc.update(f, 0, f.length);
            }
            current = frames;
            currentFrame = 0;
            currentPos = 0;
            fillPipeline();
            return true;
        } catch (IOException e) {
            throw fail(e);
        } catch (RuntimeException e) {
            fail(new IOException(e));
            throw e; // a bug, not bad input: keep its type so tests see it
        }
    }

    /** Reads frames ahead and schedules their decoding, keeping about two groups per worker in flight. */
    private void fillPipeline() throws IOException {
        while (!inputEnded && inFlight.size() < pool.workers() + 1) {
            List<Frame> group = new ArrayList<>();
            while (group.size() < pool.lanes()) {
                Frame f = reader.nextFrame();
                if (f == null) {
                    inputEnded = true;
                    break;
                }
                group.add(f);
            }
            if (group.isEmpty()) {
                break;
            }
            Frame[] frames = group.toArray(Frame[]::new);
            long first = framesScheduled;
            framesScheduled += frames.length;
            inFlight.add(pool.executor().submit(() -> {
                byte[][] out = new byte[frames.length][];
                for (int i = 0; i < frames.length; i++) {
                    out[i] = new byte[frames[i].rawLength()];
                }
                PredictorBatch batch = pool.take();
                try {
                    coder.decode(batch, frames, out, first);
                } finally {
                    pool.give(batch);
                }
                return out;
            }));
        }
    }

    private void verifyEnd() throws IOException {
        if (verifiedEnd) {
            return;
        }
        if (reader.end().contentChecksum() != contentCrc.getValue()) {
            throw new CorruptedInputException("corrupted input: whole-content checksum mismatch");
        }
        verifiedEnd = true;
        pool.close();
    }

    private IOException fail(IOException io) {
        failure = io;
        for (Future<byte[][]> f : inFlight) {
            f.cancel(true);
        }
        inFlight.clear();
        pool.close();
        return io;
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            pool.close();
            in.close();
        }
    }
}
