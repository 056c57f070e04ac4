package dev.lmzip.hadoop;

import dev.lmzip.codec.container.RandomAccessInput;
import org.apache.hadoop.fs.PositionedReadable;
import org.apache.hadoop.fs.Seekable;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A Hadoop input stream ({@code FSDataInputStream}: seekable, positioned reads) as a
 * {@link RandomAccessInput}. The codec API does not pass the file length, so it is found with
 * positioned reads: {@code available()} gives a guess that two reads confirm, else an exponential
 * and binary search from the split end (which never lies past the end of the file).
 */
final class HadoopInput implements RandomAccessInput {
    private final PositionedReadable in;
    private final long size;
    private final byte[] one = new byte[1];

    HadoopInput(InputStream stream, long knownWithin) throws IOException {
        this.in = (PositionedReadable) stream;
        this.size = findSize(stream, Math.max(0, knownWithin));
    }

    static boolean usable(InputStream in) {
        return in instanceof PositionedReadable && in instanceof Seekable;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long position, byte[] b, int off, int len) throws IOException {
        if (position >= size) {
            return -1;
        }
        int n = in.read(position, b, off, (int) Math.min(len, size - position));
        return n == 0 && len > 0 ? -1 : n;
    }

    private boolean exists(long position) throws IOException {
        try {
            return in.read(position, one, 0, 1) > 0;
        } catch (EOFException e) {
            return false;
        }
    }

    /** The length of the file, given that {@code [0, atLeast)} exists. */
    private long findSize(InputStream stream, long atLeast) throws IOException {
        try {
            ((Seekable) stream).seek(atLeast);
            long guess = atLeast + stream.available();
            if (guess > 0 && exists(guess - 1) && !exists(guess)) {
                return guess;
            }
        } catch (IOException e) {
            // no usable hint: search
        }
        long lo = atLeast; // bytes [0, lo) exist
        if (!exists(lo)) {
            return lo;
        }
        lo++;
        long step = 1;
        while (exists(lo + step - 1)) {
            lo += step;
            step *= 2;
        }
        long hi = lo + step - 1; // byte hi does not exist: lo <= size <= hi
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (exists(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
