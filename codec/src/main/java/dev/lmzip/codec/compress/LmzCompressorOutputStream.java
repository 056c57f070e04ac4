package dev.lmzip.codec.compress;

import dev.lmzip.codec.io.LmzOptions;
import dev.lmzip.codec.io.LmzOutputStream;
import org.apache.commons.compress.compressors.CompressorOutputStream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An {@link LmzOutputStream} as a Commons Compress {@link CompressorOutputStream}: {@link #finish()}
 * writes the end frame and the frame index and leaves the underlying stream open; {@link #close()}
 * finishes and closes it.
 */
public final class LmzCompressorOutputStream extends CompressorOutputStream<LmzOutputStream> {
    private long written;

    /** Built-in byte model, default frame size, all cores. */
    public LmzCompressorOutputStream(OutputStream out) throws IOException {
        this(out, LmzOptions.defaults());
    }

    public LmzCompressorOutputStream(OutputStream out, LmzOptions options) throws IOException {
        super(new LmzOutputStream(out, options));
    }

    @Override
    public void write(int b) throws IOException {
        out().write(b);
        written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out().write(b, off, len);
        written += len;
    }

    /** Bytes of content written so far. */
    public long getUncompressedCount() {
        return written;
    }

    @Override
    public void finish() throws IOException {
        if (!isFinished()) {
            out().finish();
        }
        super.finish();
    }
}
