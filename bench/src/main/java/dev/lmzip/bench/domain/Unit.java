package dev.lmzip.bench.domain;

import java.util.Objects;

/**
 * One input that every compressor gets on its own: a 2048-byte chunk (or patch) of a file, or a
 * whole file's raw bytes.
 *
 * @param domain      text, images or audio
 * @param granularity chunk or whole file
 * @param source      the file it comes from, relative to the corpus
 * @param index       chunk index within the file (0 for a whole file)
 * @param data        the raw bytes
 * @param layout      what the bytes are (pixels, samples, text)
 */
public record Unit(Domain domain, Granularity granularity, String source, int index, byte[] data, Layout layout) {
    public Unit {
        Objects.requireNonNull(domain);
        Objects.requireNonNull(granularity);
        Objects.requireNonNull(source);
        Objects.requireNonNull(data);
        Objects.requireNonNull(layout);
    }
}
