package dev.lmzip.codec.compress;

import dev.lmzip.codec.container.FileHeader;
import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.predict.PredictorResolver;
import org.apache.commons.compress.compressors.CompressorInputStream;
import org.apache.commons.compress.utils.InputStreamStatistics;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** An {@link LmzInputStream} as a Commons Compress {@link CompressorInputStream}, with byte counts. */
public final class LmzCompressorInputStream extends CompressorInputStream implements InputStreamStatistics {
    private final Counting counted;
    private final LmzInputStream in;

    /** Files made with the built-in byte model. */
    public LmzCompressorInputStream(InputStream in) throws IOException {
        this(in, LmzInputStream.builtIn(), Runtime.getRuntime().availableProcessors());
    }

    public LmzCompressorInputStream(InputStream in, PredictorResolver resolver, int threads) throws IOException {
        this.counted = new Counting(in);
        this.in = new LmzInputStream(counted, resolver, threads);
    }

    /** True when {@code signature[0, length)} starts with the .lmz magic bytes. */
    public static boolean matches(byte[] signature, int length) {
        return length >= FileHeader.MAGIC.length && signature.length >= FileHeader.MAGIC.length
                && Arrays.equals(signature, 0, FileHeader.MAGIC.length, FileHeader.MAGIC, 0, FileHeader.MAGIC.length);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        count(n);
        return n;
    }

    /** Bytes of .lmz input consumed so far. */
    @Override
    public long getCompressedCount() {
        return counted.count;
    }

    @Override
    public long getUncompressedCount() {
        return getBytesRead();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
