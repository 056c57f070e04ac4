package dev.lmzip.codec.compress;

import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorInputStream;
import org.apache.commons.compress.compressors.CompressorOutputStream;
import org.apache.commons.compress.compressors.CompressorStreamProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * Makes {@code .lmz} a Commons Compress format named {@value #LMZ}: registered through
 * {@code META-INF/services}, so {@code new CompressorStreamFactory().createCompressorInputStream("lmz", in)}
 * and {@code createCompressorOutputStream("lmz", out)} work wherever lmzip's codec jar is on the
 * application class path (the factory looks providers up with the system class loader). Streams use
 * the built-in byte model and default options; construct {@link LmzCompressorOutputStream} /
 * {@link LmzCompressorInputStream} directly for others.
 */
public final class LmzCompressorStreamProvider implements CompressorStreamProvider {
    /** The format's name for the factory. */
    public static final String LMZ = "lmz";

    @Override
    public CompressorInputStream createCompressorInputStream(String name, InputStream in, boolean decompressUntilEOF)
            throws CompressorException {
        check(name);
        try {
            return new LmzCompressorInputStream(in);
        } catch (IOException e) {
            throw new CompressorException("cannot read .lmz stream: " + e.getMessage(), e);
        }
    }

    @Override
    public <T extends OutputStream> CompressorOutputStream<T> createCompressorOutputStream(String name, T out)
            throws CompressorException {
        check(name);
        try {
            @SuppressWarnings("unchecked")
            CompressorOutputStream<T> s = (CompressorOutputStream<T>) (CompressorOutputStream<?>) new LmzCompressorOutputStream(out);
            return s;
        } catch (IOException e) {
            throw new CompressorException("cannot start .lmz stream: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> getInputStreamCompressorNames() {
        return Set.of(LMZ);
    }

    @Override
    public Set<String> getOutputStreamCompressorNames() {
        return Set.of(LMZ);
    }

    private static void check(String name) throws CompressorException {
        if (!LMZ.equalsIgnoreCase(name)) {
            throw new CompressorException("lmzip provides '" + LMZ + "', not '" + name + "'");
        }
    }
}
