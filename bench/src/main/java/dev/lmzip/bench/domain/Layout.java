package dev.lmzip.bench.domain;

/**
 * What the raw bytes of a {@link Unit} are, so PNG and FLAC can read them as pixels or samples;
 * the byte compressors ignore it.
 */
public sealed interface Layout {
    /** Plain bytes (text). */
    record Bytes() implements Layout {
    }

    /**
     * Raster pixels, row-major, {@code channels} bytes per pixel (1 grey, 3 RGB, 4 RGBA), 8 bits each.
     */
    record Image(int width, int height, int channels) implements Layout {
        public Image {
            if (width < 1 || height < 1 || channels < 1 || channels > 4) {
                throw new IllegalArgumentException("bad image shape " + width + "x" + height + "x" + channels);
            }
        }

        public long bytes() {
            return (long) width * height * channels;
        }
    }

    /**
     * PCM samples, interleaved: {@code bits} 16 (signed little-endian) or 8 (one signed byte:
     * the top byte of a 16-bit sample).
     */
    record Pcm(int bits, int channels, int sampleRate) implements Layout {
        public Pcm {
            if ((bits != 8 && bits != 16) || channels < 1 || sampleRate < 1) {
                throw new IllegalArgumentException("bad PCM layout " + bits + " bits, " + channels + " ch, " + sampleRate + " Hz");
            }
        }

        public int frameBytes() {
            return bits / 8 * channels;
        }
    }

    Layout BYTES = new Bytes();
}
