package dev.lmzip.bench;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import com.aayushatharva.brotli4j.encoder.Encoder;

import java.io.IOException;
import java.util.Optional;

/** {@code brotli -q 11 -w 24} through brotli4j's native library. */
public final class BrotliCompressor implements Compressor {
    private static final int QUALITY = 11;
    private static final int WINDOW = 24;

    @Override
    public String name() {
        return "brotli -q 11 -w 24";
    }

    @Override
    public byte[] compress(byte[] in) throws IOException {
        Brotli4jLoader.ensureAvailability();
        return Encoder.compress(in, new Encoder.Parameters().setQuality(QUALITY).setWindow(WINDOW));
    }

    @Override
    public byte[] decompress(byte[] in) throws IOException {
        Brotli4jLoader.ensureAvailability();
        DirectDecompress d = Decoder.decompress(in);
        if (d.getResultStatus() != DecoderJNI.Status.DONE) {
            throw new IOException("brotli decoder ended with status " + d.getResultStatus());
        }
        return d.getDecompressedData();
    }

    @Override
    public Optional<String> unavailableReason() {
        try {
            if (Brotli4jLoader.isAvailable()) {
                return Optional.empty();
            }
            return Optional.of("brotli4j native library does not load: " + Brotli4jLoader.getUnavailabilityCause());
        } catch (LinkageError e) {
            return Optional.of("brotli4j does not load: " + e);
        }
    }
}
