package dev.lmzip.hadoop;

import dev.lmzip.codec.container.FrameIndex;
import dev.lmzip.codec.io.LmzFrameStream;
import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.io.LmzSeekableReader;
import org.apache.hadoop.io.compress.SplitCompressionInputStream;

import java.io.IOException;
import java.io.InputStream;

/**
 * The content of one split of an .lmz file: a split {@code [start, end)} owns the frames whose
 * header starts in it (frame 0 belongs to the split at 0), found through the frame index, and
 * decodes from its first frame on; past its own frames it decodes the next ones only on demand,
 * for the record that straddles the boundary.
 *
 * <p>Position contract with Hadoop's {@code LineRecordReader} / {@code CompressedSplitLineReader}:
 * every read returns bytes of a single frame; {@link #getPos()} stays {@code <= end} while the
 * bytes delivered so far come from the split's own frames and exceeds {@code end} once a read has
 * returned bytes of a later frame. The reader therefore reads every record that starts before or
 * at the first byte of the next split's first frame, and the next split (whose adjusted start is
 * not 0) drops exactly that partial record.
 */
final class LmzSplitInputStream extends SplitCompressionInputStream {
    private final LmzSeekableReader reader;
    private final LmzFrameStream frames;
    private final FrameIndex index;
    private final int firstFrame;
    private final int nextSplitFrame;
    private final long end;

    LmzSplitInputStream(InputStream in, long start, long end, LmzConf conf) throws IOException {
        super(in, start, end);
        this.end = end;
        this.reader = new LmzSeekableReader(new HadoopInput(in, end), conf.resolver(), conf.threads(),
                LmzInputStream.DEFAULT_MAX_FRAME_SIZE);
        this.index = reader.index();
        int n = index.frameCount();
        // frame 0 belongs to the split at 0 even when that split ends inside the file header
        this.firstFrame = start == 0 ? 0 : Math.min(n, Math.max(1, index.firstFrameAtOrAfter(start)));
        this.nextSplitFrame = end <= 0 ? 0 : Math.min(n, Math.max(1, index.firstFrameAtOrAfter(end)));
        setStart(firstFrame == 0 ? 0 : boundary(firstFrame));
        setEnd(end);
        this.frames = reader.openFrames(firstFrame, nextSplitFrame);
    }

    /** Where frame {@code i} starts for splitting; past the last frame, the end frame's offset. */
    private long boundary(int i) {
        return i == 0 ? 0 : index.frameOffset(i);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return frames.read(b, off, len);
    }

    @Override
    public long getPos() {
        int last = frames.lastFrame();
        if (last < 0) {
            return firstFrame < nextSplitFrame ? boundary(firstFrame) : end + 1;
        }
        if (last < nextSplitFrame) {
            return boundary(last);
        }
        return Math.max(end + 1, index.frameOffset(last + 1));
    }

    @Override
    public void resetState() {
        throw new UnsupportedOperationException("an .lmz split stream cannot be reset");
    }

    @Override
    public void close() throws IOException {
        try {
            frames.close();
            reader.close();
        } finally {
            super.close();
        }
    }
}
