package dev.lmzip.bench.domain;

/**
 * How FLAC reads a unit's bytes as samples. PCM units are samples already (16-bit little-endian,
 * or 8-bit signed: the top byte of 16-bit audio). A 2048-byte chunk of text or pixels is read as
 * 2048 unsigned 8-bit samples made signed by subtracting 128, as the paper does for FLAC on text
 * and images (mono, 16 kHz nominal rate).
 */
record FlacSamples(int bits, int channels, int sampleRate, int[] values, boolean offsetBinary) {
    static final int NOMINAL_RATE = 16_000;

    static boolean applies(Unit unit) {
        return unit.layout() instanceof Layout.Pcm || (unit.granularity() == Granularity.CHUNKS && unit.data().length > 0);
    }

    static FlacSamples of(Unit unit) {
        byte[] d = unit.data();
        if (unit.layout() instanceof Layout.Pcm pcm) {
            if (d.length % pcm.frameBytes() != 0) {
                throw new IllegalArgumentException("PCM unit of " + d.length + " bytes is not whole frames of " + pcm);
            }
            int[] v;
            if (pcm.bits() == 16) {
                v = new int[d.length / 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (short) ((d[2 * i + 1] << 8) | (d[2 * i] & 0xFF));
                }
            } else {
                v = new int[d.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = d[i];
                }
            }
            return new FlacSamples(pcm.bits(), pcm.channels(), pcm.sampleRate(), v, false);
        }
        int[] v = new int[d.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (d[i] & 0xFF) - 128;
        }
        return new FlacSamples(8, 1, NOMINAL_RATE, v, true);
    }

    /** Back to the unit's bytes. */
    static byte[] toBytes(int[] values, Unit unit) {
        FlacSamples shape = of(unit);
        if (shape.bits == 16) {
            byte[] b = new byte[values.length * 2];
            for (int i = 0; i < values.length; i++) {
                b[2 * i] = (byte) values[i];
                b[2 * i + 1] = (byte) (values[i] >> 8);
            }
            return b;
        }
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) (shape.offsetBinary ? values[i] + 128 : values[i]);
        }
        return b;
    }

    /** Samples as raw bytes for the flac tool: signed, little-endian, interleaved. */
    byte[] rawSigned() {
        byte[] b = new byte[values.length * bits / 8];
        for (int i = 0; i < values.length; i++) {
            if (bits == 16) {
                b[2 * i] = (byte) values[i];
                b[2 * i + 1] = (byte) (values[i] >> 8);
            } else {
                b[i] = (byte) values[i];
            }
        }
        return b;
    }
}
