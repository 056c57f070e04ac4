package dev.lmzip.bench;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** {@code bzip2 -9}: commons-compress with 900 kB blocks. */
public final class Bzip2Compressor implements Compressor {
    @Override
    public String name() {
        return "bzip2 -9";
    }

    @Override
    public byte[] compress(byte[] in) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(in.length / 3 + 64);
        try (BZip2CompressorOutputStream out = new BZip2CompressorOutputStream(bos, BZip2CompressorOutputStream.MAX_BLOCKSIZE)) {
            out.write(in);
        }
        return bos.toByteArray();
    }

    @Override
    public byte[] decompress(byte[] in) throws IOException {
        try (BZip2CompressorInputStream bz = new BZip2CompressorInputStream(new ByteArrayInputStream(in))) {
            return bz.readAllBytes();
        }
    }
}
