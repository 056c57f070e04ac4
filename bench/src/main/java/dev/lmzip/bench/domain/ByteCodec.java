package dev.lmzip.bench.domain;

import dev.lmzip.bench.Compressor;
import dev.lmzip.bench.LmzCompressor;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/** A general-purpose byte {@link Compressor} (gzip, xz, lmzip, …) as a {@link MediaCodec}: every unit, layout ignored. */
public final class ByteCodec implements MediaCodec {
    private final Compressor compressor;

    public ByteCodec(Compressor compressor) {
        this.compressor = Objects.requireNonNull(compressor);
    }

    public Compressor compressor() {
        return compressor;
    }

    @Override
    public String name() {
        return compressor.name();
    }

    @Override
    public boolean applies(Unit unit) {
        return true;
    }

    @Override
    public byte[] compress(Unit unit) throws IOException {
        return compressor.compress(unit.data());
    }

    @Override
    public byte[] decompress(byte[] packed, Unit unit) throws IOException {
        return compressor.decompress(packed);
    }

    @Override
    public Optional<String> unavailableReason() {
        return compressor.unavailableReason();
    }

    @Override
    public boolean isLmzip() {
        return compressor instanceof LmzCompressor;
    }
}
