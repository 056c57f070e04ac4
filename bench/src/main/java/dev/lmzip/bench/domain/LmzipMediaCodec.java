package dev.lmzip.bench.domain;

import dev.lmzip.bench.LmzCompressor;
import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.media.MediaLayout;
import dev.lmzip.codec.media.MediaPredictor;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * lmzip as the command line codes a unit: pixels and PCM samples with the media predictor (the
 * layout is what {@code --as image:WxHxC} / {@code --as audio:BITSxCH} would give it, recorded in
 * the file), one frame per unit; text with the given compressor (the default model).
 */
public final class LmzipMediaCodec implements MediaCodec {
    private final LmzCompressor text;

    public LmzipMediaCodec(LmzCompressor text) {
        this.text = Objects.requireNonNull(text);
    }

    /** The media layout lmzip uses for a unit, or null for text. */
    public static MediaLayout layout(Unit unit) {
        return switch (unit.layout()) {
            case Layout.Image i -> MediaLayout.image(i.width(), i.height(), i.channels(), 0);
            case Layout.Pcm p -> MediaLayout.audio(p.bits(), p.channels(), 0);
            case Layout.Bytes b -> null;
        };
    }

    @Override
    public String name() {
        return text.name();
    }

    @Override
    public boolean applies(Unit unit) {
        return true;
    }

    @Override
    public byte[] compress(Unit unit) throws IOException {
        MediaLayout layout = layout(unit);
        if (layout == null) {
            return text.compress(unit.data());
        }
        return media(layout, unit.data().length).compress(unit.data());
    }

    @Override
    public byte[] decompress(byte[] packed, Unit unit) throws IOException {
        MediaLayout layout = layout(unit);
        return layout == null ? text.decompress(packed) : media(layout, unit.data().length).decompress(packed);
    }

    private static LmzCompressor media(MediaLayout layout, int length) {
        return new LmzCompressor(new MediaPredictor(layout), LmzInputStream.builtIn(), 1, MediaLayout.frameSizeLog(length),
                "media");
    }

    @Override
    public Optional<String> unavailableReason() {
        return text.unavailableReason();
    }

    @Override
    public boolean isLmzip() {
        return true;
    }
}
