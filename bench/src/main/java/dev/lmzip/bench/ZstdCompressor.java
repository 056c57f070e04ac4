package dev.lmzip.bench;

import com.github.luben.zstd.Zstd;

import java.io.IOException;
import java.util.Optional;

/** {@code zstd -19} or {@code zstd --ultra -22} through zstd-jni (one frame with its content size). */
public final class ZstdCompressor implements Compressor {
    private final int level;

    public ZstdCompressor(int level) {
        if (level < 1 || level > 22) {
            throw new IllegalArgumentException("zstd level " + level);
        }
        this.level = level;
    }

    @Override
    public String name() {
        return level > 19 ? "zstd --ultra -" + level : "zstd -" + level;
    }

    @Override
    public byte[] compress(byte[] in) throws IOException {
        return Zstd.compress(in, level);
    }

    @Override
    public byte[] decompress(byte[] in) throws IOException {
        long size = Zstd.getFrameContentSize(in);
        if (size < 0 || size > Integer.MAX_VALUE - 16) {
            throw new IOException("zstd frame without a usable content size: " + size);
        }
        return Zstd.decompress(in, (int) size);
    }

    @Override
    public Optional<String> unavailableReason() {
        try {
            com.github.luben.zstd.util.Native.load();
            return Optional.empty();
        } catch (LinkageError | RuntimeException e) {
            return Optional.of("zstd-jni native library does not load: " + e);
        }
    }
}
