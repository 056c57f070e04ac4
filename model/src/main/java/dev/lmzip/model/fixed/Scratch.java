package dev.lmzip.model.fixed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writable memory of the same kind as a given segment (mapped, native or heap). The kind matters
 * for speed: the vector kernels are compiled for the kind of segment they see, and a second kind (a
 * heap copy of a mapped model's layer) made every matrix product of the engine five times slower
 * (measured 2026-11-26). Mapped memory is a mapping of a temporary file, deleted at once where the
 * system allows.
 */
final class Scratch {
    private Scratch() {
    }

    /** {@code size} zeroed bytes of the kind of {@code like}. */
    static MemorySegment like(MemorySegment like, long size) {
        if (like.isMapped()) {
            return mapped(size);
        }
        if (like.isNative()) {
            return Arena.ofAuto().allocate(size, 64);
        }
        return MemorySegment.ofArray(new byte[Math.toIntExact(size)]);
    }

    private static MemorySegment mapped(long size) {
        try {
            Path tmp = Files.createTempFile("lmzip-layer", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return ch.map(FileChannel.MapMode.READ_WRITE, 0, size, Arena.ofAuto());
            } finally {
                try {
                    Files.delete(tmp); // the mapping outlives the name on Linux and macOS
                } catch (IOException e) {
                    tmp.toFile().deleteOnExit();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map scratch memory for a layer copy", e);
        }
    }
}
