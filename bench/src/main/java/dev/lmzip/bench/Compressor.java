package dev.lmzip.bench;

import java.io.IOException;
import java.util.Optional;

/** One compressor under test: whole-buffer in, whole-buffer out, in process. */
public interface Compressor {
    /** Display name with its settings, e.g. {@code xz -9}. */
    String name();

    byte[] compress(byte[] in) throws IOException;

    byte[] decompress(byte[] in) throws IOException;

    /**
     * Empty when the compressor can run here; otherwise why not (a native library that does not
     * load on this platform). The runner reports such a compressor as unavailable instead of failing.
     */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }
}
