package dev.lmzip.bench.reliability;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * An endless (or bounded) deterministic stream of text-like bytes: words of a seeded pseudo
 * vocabulary with a Zipf-like frequency, punctuation and line breaks, so a compressor sees
 * realistic redundancy. The same seed always gives the same bytes; about 100+ MB/s.
 */
public final class TextGenerator extends InputStream {
    private static final int VOCABULARY = 4096;
    private final byte[][] words = new byte[VOCABULARY][];
    private final SplittableRandom rnd;
    private final long limit;
    private long produced;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int len;
    private int column;

    /** {@code limit} bytes in all ({@code Long.MAX_VALUE}: endless). */
    public TextGenerator(long seed, long limit) {
        SplittableRandom v = new SplittableRandom(seed ^ 0x5DEECE66DL);
        String letters = "etaoinshrdlcumwfgypbvkjxqz";
        for (int i = 0; i < VOCABULARY; i++) {
            int n = 1 + Math.min(11, (int) Math.abs(v.nextGaussian() * 3 + 4));
            byte[] w = new byte[n];
            for (int k = 0; k < n; k++) {
                int idx = (int) Math.min(letters.length() - 1, Math.abs(v.nextGaussian()) * 7);
                w[k] = (byte) letters.charAt(idx);
            }
            words[i] = w;
        }
        this.rnd = new SplittableRandom(seed);
        this.limit = limit;
    }

    private void refill() {
        len = 0;
        pos = 0;
        boolean sentenceStart = true;
        while (len < buf.length - 64) {
            // Zipf-like: rank = floor(V^u) - 1 favours small ranks
            int rank = (int) Math.pow(VOCABULARY, rnd.nextDouble()) - 1;
            byte[] w = words[Math.max(0, Math.min(VOCABULARY - 1, rank))];
            for (int k = 0; k < w.length; k++) {
                byte b = w[k];
                buf[len++] = sentenceStart && k == 0 ? (byte) (b - 32) : b;
            }
            sentenceStart = false;
            column += w.length + 1;
            int p = rnd.nextInt(100);
            if (p < 6) {
                buf[len++] = '.';
                sentenceStart = true;
            } else if (p < 11) {
                buf[len++] = ',';
            }
            if (column > 72) {
                buf[len++] = '\n';
                column = 0;
                if (rnd.nextInt(8) == 0) {
                    buf[len++] = '\n';
                }
            } else {
                buf[len++] = ' ';
            }
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int n) {
        if (produced >= limit) {
            return -1;
        }
        if (pos == len) {
            refill();
        }
        int k = (int) Math.min(Math.min(n, len - pos), limit - produced);
        System.arraycopy(buf, pos, b, off, k);
        pos += k;
        produced += k;
        return k;
    }
}
