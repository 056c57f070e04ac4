package dev.lmzip.bench.domain;

import java.io.IOException;
import java.util.Optional;

/**
 * A compressor in the domain bench: it sees the unit's {@link Layout} (pixels, samples, bytes),
 * so PNG and FLAC can take the bytes as what they are. Byte compressors ignore the layout.
 */
public interface MediaCodec {
    /** Column/row name with settings, e.g. {@code PNG (ImageIO, deflate 9)}. */
    String name();

    /** False when this codec has no sensible reading of the unit (PNG of a whole text file): an "n/a" cell. */
    boolean applies(Unit unit);

    byte[] compress(Unit unit) throws IOException;

    /** Returns the unit's raw bytes again. */
    byte[] decompress(byte[] packed, Unit unit) throws IOException;

    /** Empty when the codec can run here; otherwise why not (a binary or native library missing). */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /** Whether the codec is a language-model / lmzip codec (drawn highlighted in the report). */
    default boolean isLmzip() {
        return false;
    }
}
