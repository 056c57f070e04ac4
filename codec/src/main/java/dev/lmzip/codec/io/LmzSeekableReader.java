package dev.lmzip.codec.io;

import dev.lmzip.codec.LmzException;
import dev.lmzip.codec.container.FileHeader;
import dev.lmzip.codec.container.Frame;
import dev.lmzip.codec.container.FrameCoder;
import dev.lmzip.codec.container.FrameIndex;
import dev.lmzip.codec.container.RandomAccessInput;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorBatch;
import dev.lmzip.codec.predict.PredictorResolver;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Random access to the content of an .lmz file: finds the frames through the file's frame index
 * (or, for files without one, by walking the frame headers; never by decoding), then decodes only
 * the frames a read needs, in parallel. Every frame's checksum is verified; reading the whole
 * content from offset 0 with {@link #open} also verifies the whole-content checksum.
 *
 * <pre>{@code
 * try (var r = new LmzSeekableReader(FileChannel.open(Path.of("x.lmz")))) {
 *     byte[] kb = new byte[1024];
 *     int n = r.read(123_456_789L, kb);                     // bytes [123456789, +1024) of x
 *     r.open(5_000_000L, 1_000_000L).transferTo(out);       // a slice as a stream
 * }
 * }</pre>
 *
 * Reads may come from several threads.
 */
public final class LmzSeekableReader implements Closeable {
    private final RandomAccessInput in;
    private final FrameIndex index;
    private final Predictor predictor;
    private final FrameCoder coder;
    private final BatchPool pool;

    /** Files made with the built-in byte model, all cores. */
    public LmzSeekableReader(SeekableByteChannel channel) throws IOException {
        this(channel, LmzInputStream.builtIn(), Runtime.getRuntime().availableProcessors());
    }

    public LmzSeekableReader(SeekableByteChannel channel, PredictorResolver resolver, int threads) throws IOException {
        this(RandomAccessInput.of(channel), resolver, threads, LmzInputStream.DEFAULT_MAX_FRAME_SIZE);
    }

    /** Reads {@code in} (closed by {@link #close()}); refuses frames larger than {@code maxFrameSize}. */
    public LmzSeekableReader(RandomAccessInput in, PredictorResolver resolver, int threads, int maxFrameSize)
            throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.in = in;
        this.index = FrameIndex.read(in, maxFrameSize);
        this.predictor = LmzInputStream.resolve(resolver, index.header());
        if (LmzInputStream.decodedForm(predictor) != null) {
            throw new LmzException("the file holds a decoded PNG or FLAC file, which is rebuilt whole: it has no random access");
        }
        this.coder = new FrameCoder(predictor);
        this.pool = new BatchPool(predictor, predictor.preferredLanes(), threads);
    }

    public FileHeader header() {
        return index.header();
    }

    /** Frame offsets and lengths, from the file's index or found by walking its frame headers. */
    public FrameIndex index() {
        return index;
    }

    /** True when the file carries a frame index (format version 2). */
    public boolean hasIndex() {
        return index.fromFile();
    }

    /** Bytes of content. */
    public long length() {
        return index.totalLength();
    }

    /** As {@link #read(long, byte[], int, int)} into all of {@code dst}. */
    public int read(long offset, byte[] dst) throws IOException {
        return read(offset, dst, 0, dst.length);
    }

    /**
     * Decodes content bytes {@code [offset, offset + len)} into {@code dst[off…]}, decoding only
     * the frames that hold them (in parallel). Returns the bytes read: {@code len} unless the
     * content ends first, and -1 when {@code offset >= length()} (and {@code len > 0}).
     */
    public int read(long offset, byte[] dst, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, dst.length);
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (len == 0) {
            return 0;
        }
        if (offset >= length()) {
            return -1;
        }
        long end = Math.min(length(), offset + len);
        int first = index.frameAt(offset);
        int last = index.frameAt(end - 1);
        List<Future<byte[][]>> groups = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        try {
            for (int f = first; f <= last; f += pool.lanes()) {
                int n = Math.min(pool.lanes(), last + 1 - f);
                groups.add(decode(f, n));
                starts.add(f);
            }
            for (int g = 0; g < groups.size(); g++) {
                byte[][] frames = await(groups.get(g));
                for (int i = 0; i < frames.length; i++) {
                    int f = starts.get(g) + i;
                    long fStart = index.rawOffset(f);
                    long from = Math.max(offset, fStart);
                    long to = Math.min(end, fStart + frames[i].length);
                    System.arraycopy(frames[i], (int) (from - fStart), dst, off + (int) (from - offset), (int) (to - from));
                }
            }
        } finally {
            for (Future<byte[][]> g : groups) {
                g.cancel(true);
            }
        }
        return (int) (end - offset);
    }

    /**
     * A stream of content bytes {@code [offset, offset + length)} (cut at the end of the content),
     * decoding a few frames ahead in parallel. Closing it leaves this reader open.
     */
    public LmzFrameStream open(long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        long end = length > length() - Math.min(offset, length()) ? length() : offset + length;
        if (offset >= end) {
            return new LmzFrameStream(this, index.frameCount(), 0, index.frameCount(), length(), false);
        }
        int first = index.frameAt(offset);
        return new LmzFrameStream(this, first, offset - index.rawOffset(first), index.frameCount(), end,
                offset == 0 && end == length());
    }

    /**
     * A stream of the content from the start of frame {@code firstFrame} to the end, each read
     * returning bytes of one frame only. Frames before {@code eagerUntil} are decoded ahead in
     * parallel; later ones one group at a time, when asked for (what a split reader wants: its own
     * frames fast, then only as much of the next split as its last record needs).
     */
    public LmzFrameStream openFrames(int firstFrame, int eagerUntil) throws IOException {
        Objects.checkIndex(firstFrame, index.frameCount() + 1);
        return new LmzFrameStream(this, firstFrame, 0, eagerUntil, length(), firstFrame == 0);
    }

    /** Reads frames {@code [first, first + n)} here and decodes them on a worker. */
    Future<byte[][]> decode(int first, int n) throws IOException {
        Frame[] frames = new Frame[n];
        for (int i = 0; i < n; i++) {
            frames[i] = index.readFrame(in, first + i);
        }
        return pool.executor().submit(() -> {
            byte[][] out = new byte[n][];
            for (int i = 0; i < n; i++) {
                out[i] = new byte[frames[i].rawLength()];
            }
            PredictorBatch batch = pool.take();
            try {
                coder.decode(batch, frames, out, first);
            } finally {
                pool.give(batch);
            }
            return out;
        });
    }

    static byte[][] await(Future<byte[][]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decompressing");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("decompression failed: " + c, c);
        }
    }

    int lanes() {
        return pool.lanes();
    }

    int workers() {
        return pool.workers();
    }

    @Override
    public void close() throws IOException {
        pool.close();
        in.close();
    }
}
