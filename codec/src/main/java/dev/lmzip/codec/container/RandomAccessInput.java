package dev.lmzip.codec.container;

import dev.lmzip.codec.TruncatedInputException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;

/**
 * Positional reads of a whole .lmz file (a {@link SeekableByteChannel}, a Hadoop
 * {@code FSDataInputStream}, …), as the seekable reader and the frame index need them.
 */
public interface RandomAccessInput extends Closeable {
    /** Bytes in the file. */
    long size() throws IOException;

    /**
     * Reads up to {@code len} bytes at {@code position}; returns the count, or -1 at the end of
     * the file. Need not be thread-safe.
     */
    int read(long position, byte[] b, int off, int len) throws IOException;

    /** Reads exactly {@code len} bytes at {@code position}, or reports truncation naming {@code what}. */
    default void readFully(long position, byte[] b, int off, int len, String what) throws IOException {
        int done = 0;
        while (done < len) {
            int n = read(position + done, b, off + done, len - done);
            if (n < 0) {
                throw new TruncatedInputException("truncated input: " + what + " ends after " + done + " of " + len
                        + " bytes");
            }
            done += n;
        }
    }

    /** Exactly {@code len} bytes at {@code position}. */
    default byte[] readFully(long position, int len, String what) throws IOException {
        byte[] b = new byte[len];
        readFully(position, b, 0, len, what);
        return b;
    }

    /** A sequential view from {@code position} on (does not move anything shared). */
    default InputStream stream(long position) {
        return new InputStream() {
            private long pos = position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = RandomAccessInput.this.read(pos, b, off, len);
                if (n > 0) {
                    pos += n;
                }
                return n;
            }
        };
    }

    @Override
    default void close() throws IOException {
    }

    /** Reads through {@code channel}; closing the view closes the channel. */
    static RandomAccessInput of(SeekableByteChannel channel) {
        return new RandomAccessInput() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public int read(long position, byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                if (channel instanceof FileChannel fc) {
                    return fc.read(buf, position);
                }
                synchronized (channel) {
                    channel.position(position);
                    return channel.read(buf);
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    /** A view of bytes in memory. */
    static RandomAccessInput of(byte[] data) {
        return new RandomAccessInput() {
            @Override
            public long size() {
                return data.length;
            }

            @Override
            public int read(long position, byte[] b, int off, int len) {
                if (position >= data.length) {
                    return -1;
                }
                int n = (int) Math.min(len, data.length - position);
                System.arraycopy(data, (int) position, b, off, n);
                return n;
            }
        };
    }
}
