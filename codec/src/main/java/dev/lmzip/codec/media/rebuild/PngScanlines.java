package dev.lmzip.codec.media.rebuild;

import java.util.ArrayList;
import java.util.List;

/**
 * The scanlines of a PNG image to and from one byte per sample: PNG's five row filters, samples of
 * 1, 2 or 4 bits packed from the high bit, and for an interlaced image the seven Adam7 passes (each
 * a small image of its own, filtered from a zero row above its first).
 */
final class PngScanlines {
    /** Adam7: first column, first row, column step, row step of each pass. */
    private static final int[][] ADAM7 = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2},
            {0, 1, 1, 2}};

    private record Pass(int x0, int y0, int dx, int dy, int width, int height) {
    }

    private final int w;
    private final int h;
    private final int channels;
    private final int depth;
    private final int bpp;
    private final List<Pass> passes = new ArrayList<>();

    PngScanlines(int w, int h, int channels, int depth, boolean interlaced) {
        this.w = w;
        this.h = h;
        this.channels = channels;
        this.depth = depth;
        this.bpp = Math.max(1, channels * depth / 8);
        if (!interlaced) {
            passes.add(new Pass(0, 0, 1, 1, w, h));
            return;
        }
        for (int[] p : ADAM7) {
            int pw = (w - p[0] + p[2] - 1) / p[2];
            int ph = (h - p[1] + p[3] - 1) / p[3];
            if (pw > 0 && ph > 0) { // an empty pass has no rows at all, not even filter bytes
                passes.add(new Pass(p[0], p[1], p[2], p[3], pw, ph));
            }
        }
    }

    private long rowBytes(Pass p) {
        return ((long) p.width * channels * depth + 7) / 8;
    }

    /** Bytes of the filtered scanlines: every row's filter byte and packed samples. */
    long filteredLength() {
        long n = 0;
        for (Pass p : passes) {
            n += p.height * (rowBytes(p) + 1);
        }
        return n;
    }

    /** Scanlines of all passes (one filter byte each). */
    int rows() {
        int n = 0;
        for (Pass p : passes) {
            n += p.height;
        }
        return n;
    }

    /**
     * The image's samples (row-major, {@code channels} per pixel, one byte each) from its filtered
     * scanlines; each row's filter type goes to {@code filters}.
     *
     * @throws IllegalArgumentException on a filter type above 4
     */
    byte[] unfilter(byte[] filtered, byte[] filters) {
        byte[] out = new byte[w * h * channels];
        int at = 0;
        int row = 0;
        for (Pass p : passes) {
            int rb = (int) rowBytes(p);
            byte[] prev = new byte[rb];
            byte[] cur = new byte[rb];
            for (int y = 0; y < p.height; y++, row++) {
                int f = filtered[at];
                if (f < 0 || f > 4) {
                    throw new IllegalArgumentException("PNG row filter " + f + " does not exist");
                }
                filters[row] = (byte) f;
                for (int i = 0; i < rb; i++) {
                    int a = i >= bpp ? cur[i - bpp] & 0xFF : 0;
                    int c = i >= bpp ? prev[i - bpp] & 0xFF : 0;
                    cur[i] = (byte) (filtered[at + 1 + i] + predict(f, a, prev[i] & 0xFF, c));
                }
                for (int x = 0; x < p.width; x++) {
                    int pixel = sampleIndex(p, y, x);
                    for (int ch = 0; ch < channels; ch++) {
                        out[pixel + ch] = (byte) sample(cur, x * channels + ch);
                    }
                }
                byte[] t = prev;
                prev = cur;
                cur = t;
                at += rb + 1;
            }
        }
        return out;
    }

    /** The filtered scanlines of the samples at {@code samples[from…]}, each row filtered with its type in {@code filters}. */
    byte[] filter(byte[] samples, int from, byte[] filters) {
        byte[] out = new byte[(int) filteredLength()];
        int at = 0;
        int row = 0;
        for (Pass p : passes) {
            int rb = (int) rowBytes(p);
            byte[] prev = new byte[rb];
            byte[] cur = new byte[rb];
            for (int y = 0; y < p.height; y++, row++) {
                java.util.Arrays.fill(cur, (byte) 0); // the unused low bits of a packed row are 0
                for (int x = 0; x < p.width; x++) {
                    int pixel = from + sampleIndex(p, y, x);
                    for (int ch = 0; ch < channels; ch++) {
                        put(cur, x * channels + ch, samples[pixel + ch]);
                    }
                }
                int f = filters[row];
                out[at] = (byte) f;
                for (int i = 0; i < rb; i++) {
                    int a = i >= bpp ? cur[i - bpp] & 0xFF : 0;
                    int c = i >= bpp ? prev[i - bpp] & 0xFF : 0;
                    out[at + 1 + i] = (byte) (cur[i] - predict(f, a, prev[i] & 0xFF, c));
                }
                byte[] t = prev;
                prev = cur;
                cur = t;
                at += rb + 1;
            }
        }
        return out;
    }

    /** Index in the row-major samples of the first channel of pixel {@code x} of row {@code y} of pass {@code p}. */
    private int sampleIndex(Pass p, int y, int x) {
        return ((p.y0 + y * p.dy) * w + p.x0 + x * p.dx) * channels;
    }

    private int sample(byte[] row, int s) {
        if (depth == 8) {
            return row[s] & 0xFF;
        }
        int bit = s * depth;
        return row[bit >> 3] >> (8 - depth - (bit & 7)) & ((1 << depth) - 1);
    }

    private void put(byte[] row, int s, byte v) {
        if (depth == 8) {
            row[s] = v;
            return;
        }
        int bit = s * depth;
        row[bit >> 3] |= (byte) ((v & ((1 << depth) - 1)) << (8 - depth - (bit & 7)));
    }

    /** PNG's prediction of a byte from its left (a), upper (b) and upper-left (c) neighbours. */
    private static int predict(int filter, int a, int b, int c) {
        return switch (filter) {
            case 0 -> 0;
            case 1 -> a;
            case 2 -> b;
            case 3 -> (a + b) >>> 1;
            default -> {
                int p = a + b - c;
                int pa = Math.abs(p - a);
                int pb = Math.abs(p - b);
                int pc = Math.abs(p - c);
                yield pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            }
        };
    }
}
