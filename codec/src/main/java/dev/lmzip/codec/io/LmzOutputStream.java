package dev.lmzip.codec.io;

import dev.lmzip.codec.container.EndFrame;
import dev.lmzip.codec.container.FileHeader;
import dev.lmzip.codec.container.Frame;
import dev.lmzip.codec.container.FrameCoder;
import dev.lmzip.codec.container.FrameIndex;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorBatch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * Compresses into the .lmz format (docs/format.md), like xz-java's {@code XZOutputStream}: write
 * bytes, then {@link #finish()} or {@link #close()}. Frames are coded on worker threads while the
 * caller keeps writing; memory stays bounded by a few frames per worker.
 */
public final class LmzOutputStream extends OutputStream {
    private final OutputStream out;
    private final LmzOptions options;
    private final FrameCoder coder;
    private final BatchPool pool;
    private final int frameSize;
    private final ArrayDeque<Future<Frame[]>> inFlight = new ArrayDeque<>();
    private final CRC32C contentCrc = new CRC32C();
    private List<FrameCoder.Raw> group = new ArrayList<>();
    private byte[] buffer = new byte[0];
    private int buffered;
    private long frameCount;
    private long totalLength;
    /** Bytes written to {@code out} so far (the offset of the next frame). */
    private long position;
    /** Raw bytes in the frames written so far. */
    private long rawWritten;
    private long[] frameOffsets = new long[16];
    private long[] rawOffsets = new long[16];
    private boolean finished;
    private IOException failure;

    public LmzOutputStream(OutputStream out) throws IOException {
        this(out, LmzOptions.defaults());
    }

    public LmzOutputStream(OutputStream out, LmzOptions options) throws IOException {
        this.out = out;
        this.options = options;
        Predictor predictor = options.predictor();
        this.coder = new FrameCoder(predictor, options.fallback());
        this.frameSize = 1 << options.frameSizeLog();
        FileHeader header = new FileHeader(predictor.precisionBits(), options.frameSizeLog(), predictor.id(),
                predictor.fingerprint(), predictor.params());
        header.write(out);
        this.position = header.size();
        this.pool = new BatchPool(predictor, options.lanes(), options.threads());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        checkOpen();
        contentCrc.update(b, off, len);
        totalLength += len;
        while (len > 0) {
            if (buffered == buffer.length) {
                // grow towards the frame size so small inputs stay small in memory
                buffer = java.util.Arrays.copyOf(buffer, Math.min(frameSize, Math.max(4096, buffer.length * 2)));
            }
            int n = Math.min(len, buffer.length - buffered);
            System.arraycopy(b, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
            if (buffered == frameSize) {
                endFrame();
            }
        }
    }

    private void endFrame() throws IOException {
        if (buffered == 0) {
            return;
        }
        group.add(new FrameCoder.Raw(buffer, 0, buffered));
        buffer = new byte[0];
        buffered = 0;
        if (group.size() == pool.lanes()) {
            submitGroup();
        }
    }

    private void submitGroup() throws IOException {
        if (group.isEmpty()) {
            return;
        }
        FrameCoder.Raw[] raws = group.toArray(FrameCoder.Raw[]::new);
        group = new ArrayList<>();
        inFlight.add(pool.executor().submit(() -> {
            PredictorBatch batch = pool.take();
            try {
                return coder.encode(batch, raws);
            } finally {
                pool.give(batch);
            }
        }));
        while (inFlight.size() > pool.workers()) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        Future<Frame[]> f = inFlight.poll();
        Frame[] frames;
        try {
            frames = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(new InterruptedIOException("interrupted while compressing"));
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw fail(c instanceof IOException io ? io : new IOException("compression failed: " + c, c));
        }
        for (Frame frame : frames) {
            try {
                frame.write(out);
            } catch (IOException e) {
                throw fail(e);
            }
            if (options.index()) {
                if (frameCount == frameOffsets.length) {
                    frameOffsets = java.util.Arrays.copyOf(frameOffsets, frameOffsets.length * 2);
                    rawOffsets = java.util.Arrays.copyOf(rawOffsets, rawOffsets.length * 2);
                }
                frameOffsets[(int) frameCount] = position;
                rawOffsets[(int) frameCount] = rawWritten;
            }
            position += Frame.HEADER_SIZE + frame.codedLength();
            rawWritten += frame.rawLength();
            frameCount++;
            options.progress().accept(frame.rawLength());
        }
    }

    /**
     * Flushes the underlying stream only: ending a frame on every flush would make callers that
     * flush often (PrintStream, tar) produce tiny frames. Use {@link #flushFrame()} for that.
     */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Ends the current frame and writes every pending frame, so all data so far can be decoded. */
    public void flushFrame() throws IOException {
        checkOpen();
        endFrame();
        submitGroup();
        while (!inFlight.isEmpty()) {
            writeOldest();
        }
        out.flush();
    }

    /**
     * Writes all pending frames, the end frame and (unless {@link LmzOptions#index(boolean)} turned
     * it off, or there is at most one frame) the frame index; the underlying stream stays open.
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        checkOpen();
        try {
            endFrame();
            submitGroup();
            while (!inFlight.isEmpty()) {
                writeOldest();
            }
            new EndFrame(frameCount, totalLength, contentCrc.getValue()).write(out);
            if (options.index() && frameCount > 1) { // one frame needs no index: its header is right after the file's
                FrameIndex.write(out, frameOffsets, rawOffsets, (int) frameCount);
            }
            out.flush();
            finished = true;
        } finally {
            pool.close();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (!finished && failure == null) {
                finish();
            }
        } finally {
            pool.close();
            out.close();
        }
    }

    private IOException fail(IOException e) {
        failure = e;
        for (Future<Frame[]> f : inFlight) {
            f.cancel(true);
        }
        inFlight.clear();
        pool.close();
        return e;
    }

    private void checkOpen() throws IOException {
        if (failure != null) {
            throw new IOException("stream failed earlier: " + failure.getMessage(), failure);
        }
        if (finished) {
            throw new IOException("stream already finished");
        }
    }
}
