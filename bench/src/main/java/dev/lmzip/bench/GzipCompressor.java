package dev.lmzip.bench;

import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.Deflater;

/** {@code gzip -9}: java.util.zip's Deflater at level 9 in a gzip member (commons-compress framing). */
public final class GzipCompressor implements Compressor {
    @Override
    public String name() {
        return "gzip -9";
    }

    @Override
    public byte[] compress(byte[] in) throws IOException {
        GzipParameters p = new GzipParameters();
        p.setCompressionLevel(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream bos = new ByteArrayOutputStream(in.length / 2 + 64);
        try (GzipCompressorOutputStream out = new GzipCompressorOutputStream(bos, p)) {
            out.write(in);
        }
        return bos.toByteArray();
    }

    @Override
    public byte[] decompress(byte[] in) throws IOException {
        try (GzipCompressorInputStream gz = new GzipCompressorInputStream(new ByteArrayInputStream(in))) {
            return gz.readAllBytes();
        }
    }
}
