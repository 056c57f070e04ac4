package dev.lmzip.codec.media;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.predict.Symbolizer;

/**
 * Bytes as bits, most significant first, in the order the media model wants them: the bytes of a
 * 16-bit little-endian sample high byte first, and signed samples with the sign bit flipped, so
 * each sample is coded as an unsigned number from its top bit down (every decision halves an
 * interval of values). Header and trailing bytes are plain.
 */
final class MediaSymbolizer implements Symbolizer {
    private final MediaLayout layout;
    private final int offset;
    private final int bytesPerValue;
    private final int flip;

    MediaSymbolizer(MediaLayout layout) {
        this.layout = layout;
        this.offset = layout.offset();
        this.bytesPerValue = layout.bytesPerValue();
        this.flip = layout.kind() == MediaLayout.Kind.AUDIO ? 0x80 : 0;
    }

    /** Raw index (relative to the frame) of the byte coded at position {@code i}; {@code end} is {@link MediaLayout#samplesEnd}. */
    int rawIndex(int i, int end) {
        int q = i - offset;
        if (q < 0 || bytesPerValue == 1 || i >= end) {
            return i;
        }
        int r = q % bytesPerValue;
        return i - r + (bytesPerValue - 1 - r);
    }

    /** XOR applied to the byte coded at position {@code i}: flips the sign bit of each sample's top byte. */
    int mask(int i, int end) {
        int q = i - offset;
        if (q < 0 || flip == 0 || i >= end) {
            return 0;
        }
        return q % bytesPerValue == 0 ? flip : 0;
    }

    @Override
    public SymbolCursor symbolize(byte[] raw, int off, int len) {
        return new SymbolCursor() {
            private long bit;
            private final long end = 8L * len;
            private final int samplesEnd = layout.samplesEnd(len);
            private int current;

            @Override
            public boolean hasNext() {
                return bit < end;
            }

            @Override
            public int next() {
                int i = (int) (bit >>> 3);
                int k = (int) (bit & 7);
                if (k == 0) {
                    current = (raw[off + rawIndex(i, samplesEnd)] & 0xFF) ^ mask(i, samplesEnd);
                }
                bit++;
                return (current >>> (7 - k)) & 1;
            }

            @Override
            public long bytesConsumed() {
                // a sample's bytes are only all known once its last coded byte is done
                long done = bit >>> 3;
                int q = (int) done - offset;
                if (q > 0 && bytesPerValue > 1 && done < samplesEnd) {
                    done -= q % bytesPerValue;
                }
                return done;
            }
        };
    }

    @Override
    public SymbolSink newSink(byte[] out, int off, int len) {
        return new SymbolSink() {
            private int pos; // coded bytes completed
            private int partial = 1;
            private final int samplesEnd = layout.samplesEnd(len);

            @Override
            public void accept(int symbol) throws CorruptedInputException {
                if (pos >= len) {
                    throw new CorruptedInputException("frame decodes to more bytes than its header says");
                }
                partial = (partial << 1) | symbol;
                if (partial >= 256) {
                    out[off + rawIndex(pos, samplesEnd)] = (byte) ((partial & 0xFF) ^ mask(pos, samplesEnd));
                    pos++;
                    partial = 1;
                }
            }

            @Override
            public boolean full() {
                return pos == len;
            }
        };
    }
}
