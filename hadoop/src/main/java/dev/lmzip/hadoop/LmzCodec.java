package dev.lmzip.hadoop;

import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.io.LmzOptions;
import dev.lmzip.codec.io.LmzOutputStream;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.io.compress.DoNotPool;
import org.apache.hadoop.io.compress.SplitCompressionInputStream;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The {@code .lmz} format as a splittable Hadoop codec (MapReduce, Spark, Hive, …). Registered
 * through {@code META-INF/services}, so {@code CompressionCodecFactory} picks it for {@code .lmz}
 * files; give the class name to write ({@code saveAsTextFile(path, LmzCodec.class)},
 * {@code mapreduce.output.fileoutputformat.compress.codec}). Splits fall on frame boundaries,
 * found through the frame index (or the frame headers of files without one). Keys:
 * {@value LmzConf#MODEL}, {@value LmzConf#DEVICE}, {@value LmzConf#FRAME_SIZE},
 * {@value LmzConf#THREADS}, {@value LmzConf#INDEX}.
 */
public class LmzCodec implements SplittableCompressionCodec, Configurable {
    private Configuration conf;

    @Override
    public void setConf(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public Configuration getConf() {
        return conf;
    }

    private LmzConf settings() {
        return new LmzConf(conf);
    }

    @Override
    public String getDefaultExtension() {
        return ".lmz";
    }

    @Override
    public SplitCompressionInputStream createInputStream(InputStream seekableIn, Decompressor decompressor, long start,
                                                         long end, READ_MODE readMode) throws IOException {
        if (!HadoopInput.usable(seekableIn)) {
            throw new IOException("an .lmz split needs a seekable stream with positioned reads (FSDataInputStream)");
        }
        return new LmzSplitInputStream(seekableIn, start, end, settings());
    }

    @Override
    public CompressionInputStream createInputStream(InputStream in) throws IOException {
        return new Whole(in, settings());
    }

    @Override
    public CompressionInputStream createInputStream(InputStream in, Decompressor decompressor) throws IOException {
        return createInputStream(in);
    }

    @Override
    public CompressionOutputStream createOutputStream(OutputStream out) throws IOException {
        return new Writer(out, settings());
    }

    @Override
    public CompressionOutputStream createOutputStream(OutputStream out, Compressor compressor) throws IOException {
        return createOutputStream(out);
    }

    @Override
    public Class<? extends Compressor> getCompressorType() {
        return NoCompressor.class;
    }

    @Override
    public Compressor createCompressor() {
        return new NoCompressor();
    }

    @Override
    public Class<? extends Decompressor> getDecompressorType() {
        return NoDecompressor.class;
    }

    @Override
    public Decompressor createDecompressor() {
        return new NoDecompressor();
    }

    /** A whole file read as a stream. */
    private static final class Whole extends CompressionInputStream {
        private final LmzInputStream lmz;

        Whole(InputStream in, LmzConf conf) throws IOException {
            super(in);
            this.lmz = new LmzInputStream(in, conf.resolver(), conf.threads());
        }

        @Override
        public int read() throws IOException {
            return lmz.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return lmz.read(b, off, len);
        }

        @Override
        public void resetState() {
            throw new UnsupportedOperationException("an .lmz stream cannot be reset");
        }

        @Override
        public void close() throws IOException {
            lmz.close();
            super.close();
        }
    }

    /** Writes one .lmz file: finish() writes the end frame and the frame index. */
    private static final class Writer extends CompressionOutputStream {
        private final LmzOutputStream lmz;
        private boolean finished;

        Writer(OutputStream out, LmzConf conf) throws IOException {
            super(out);
            LmzOptions options = LmzOptions.defaults().predictor(conf.predictor()).frameSizeLog(conf.frameSizeLog())
                    .threads(conf.threads()).index(conf.index());
            this.lmz = new LmzOutputStream(out, options);
        }

        @Override
        public void write(int b) throws IOException {
            lmz.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            lmz.write(b, off, len);
        }

        @Override
        public void finish() throws IOException {
            if (!finished) {
                lmz.finish();
                finished = true;
            }
        }

        @Override
        public void resetState() {
            throw new UnsupportedOperationException(".lmz streams cannot be continued after finish()");
        }
    }

    /** The codec needs no pooled (de)compressor: these only satisfy CodecPool. */
    @DoNotPool
    public static final class NoCompressor implements Compressor {
        @Override
        public void setInput(byte[] b, int off, int len) {
            throw new UnsupportedOperationException("use LmzCodec's streams");
        }

        @Override
        public boolean needsInput() {
            return false;
        }

        @Override
        public void setDictionary(byte[] b, int off, int len) {
        }

        @Override
        public long getBytesRead() {
            return 0;
        }

        @Override
        public long getBytesWritten() {
            return 0;
        }

        @Override
        public void finish() {
        }

        @Override
        public boolean finished() {
            return true;
        }

        @Override
        public int compress(byte[] b, int off, int len) {
            throw new UnsupportedOperationException("use LmzCodec's streams");
        }

        @Override
        public void reset() {
        }

        @Override
        public void end() {
        }

        @Override
        public void reinit(Configuration conf) {
        }
    }

    /** See {@link NoCompressor}. */
    @DoNotPool
    public static final class NoDecompressor implements Decompressor {
        @Override
        public void setInput(byte[] b, int off, int len) {
            throw new UnsupportedOperationException("use LmzCodec's streams");
        }

        @Override
        public boolean needsInput() {
            return false;
        }

        @Override
        public void setDictionary(byte[] b, int off, int len) {
        }

        @Override
        public boolean needsDictionary() {
            return false;
        }

        @Override
        public boolean finished() {
            return true;
        }

        @Override
        public int decompress(byte[] b, int off, int len) {
            throw new UnsupportedOperationException("use LmzCodec's streams");
        }

        @Override
        public int getRemaining() {
            return 0;
        }

        @Override
        public void reset() {
        }

        @Override
        public void end() {
        }
    }
}
