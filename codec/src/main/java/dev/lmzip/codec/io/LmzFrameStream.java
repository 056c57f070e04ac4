package dev.lmzip.codec.io;

import dev.lmzip.codec.CorruptedInputException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * Content from an {@link LmzSeekableReader}, frame by frame: one {@link #read(byte[], int, int)}
 * never returns bytes of two frames, and {@link #lastFrame()} tells which frame the last bytes
 * came from (what a Hadoop split reader needs to report its position).
 */
public final class LmzFrameStream extends InputStream {
    private final LmzSeekableReader reader;
    private final int eagerUntil;
    private final long end;
    private final CRC32C content;
    private final ArrayDeque<Future<byte[][]>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Integer> inFlightFirst = new ArrayDeque<>();
    private final int needEnd;
    private int nextToSchedule;
    private byte[][] group = new byte[0][];
    private int groupFirst;
    private int groupIndex;
    private int framePos;
    private long skip;
    private long position;
    private int lastFrame = -1;
    private boolean closed;
    private boolean verified;

    LmzFrameStream(LmzSeekableReader reader, int firstFrame, long skipInFirst, int eagerUntil, long end,
                   boolean verifyContent) {
        this.reader = reader;
        this.nextToSchedule = firstFrame;
        this.skip = skipInFirst;
        this.eagerUntil = eagerUntil;
        this.end = end;
        int frames = reader.index().frameCount();
        this.needEnd = end <= 0 || firstFrame >= frames ? firstFrame : reader.index().frameAt(end - 1) + 1;
        this.position = firstFrame < frames ? reader.index().rawOffset(firstFrame) + skipInFirst : reader.length();
        this.content = verifyContent ? new CRC32C() : null;
    }

    /** The frame the bytes of the last read came from; -1 before the first read. */
    public int lastFrame() {
        return lastFrame;
    }

    /** Content offset of the next byte. */
    public long position() {
        return position;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            verifyEnd();
            return -1;
        }
        while (groupIndex >= group.length || framePos >= group[groupIndex].length) {
            if (groupIndex < group.length) {
                groupIndex++;
                framePos = 0;
                continue;
            }
            if (!nextGroup()) {
                verifyEnd();
                return -1;
            }
        }
        byte[] frame = group[groupIndex];
        int n = (int) Math.min(Math.min(len, frame.length - framePos), end - position);
        System.arraycopy(frame, framePos, b, off, n);
        if (content != null) {
            content.update(frame, framePos, n);
        }
        framePos += n;
        position += n;
        lastFrame = groupFirst + groupIndex;
        return n;
    }

    private boolean nextGroup() throws IOException {
        fill(true);
        if (inFlight.isEmpty()) {
            return false;
        }
        try {
            group = LmzSeekableReader.await(inFlight.poll());
        } catch (IOException | RuntimeException e) {
            cancel();
            throw e;
        }
        groupFirst = inFlightFirst.poll();
        groupIndex = 0;
        framePos = (int) skip;
        skip = 0;
        fill(false);
        return true;
    }

    /** Schedules frames ahead: freely before {@code eagerUntil}, afterwards only when nothing is pending. */
    private void fill(boolean needNow) throws IOException {
        while (nextToSchedule < needEnd && inFlight.size() < reader.workers() + 1) {
            boolean eager = nextToSchedule < eagerUntil;
            if (!eager && !(needNow && inFlight.isEmpty())) {
                break;
            }
            int limit = eager ? Math.min(needEnd, eagerUntil) : needEnd;
            int n = Math.min(reader.lanes(), limit - nextToSchedule);
            inFlight.add(reader.decode(nextToSchedule, n));
            inFlightFirst.add(nextToSchedule);
            nextToSchedule += n;
            if (!eager) {
                break;
            }
        }
    }

    private void verifyEnd() throws CorruptedInputException {
        if (content != null && !verified && position == reader.length()) {
            if (content.getValue() != reader.index().endFrame().contentChecksum()) {
                throw new CorruptedInputException("corrupted input: whole-content checksum mismatch");
            }
            verified = true;
        }
    }

    private void cancel() {
        for (Future<byte[][]> f : inFlight) {
            f.cancel(true);
        }
        inFlight.clear();
        inFlightFirst.clear();
    }

    @Override
    public void close() {
        closed = true;
        cancel();
    }
}
