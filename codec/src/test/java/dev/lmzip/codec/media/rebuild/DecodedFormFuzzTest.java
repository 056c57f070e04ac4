package dev.lmzip.codec.media.rebuild;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged PNG and FLAC files given to {@code --decoded}: each is either refused with a reason
 * ({@link NotRebuildableException}: it is then coded as its bytes) or decoded to a form that
 * rebuilds it exactly — never another exception, never an allocation the file does not justify.
 */
class DecodedFormFuzzTest {

    private static byte[] flac(String name) throws Exception {
        try (InputStream in = DecodedFormFuzzTest.class.getResourceAsStream("/media/flac/" + name + ".flac")) {
            return in.readAllBytes();
        }
    }

    private static byte[] mutate(byte[] file, SplittableRandom r) {
        byte[] b = file.clone();
        switch (r.nextInt(4)) {
            case 0 -> { // a few bytes changed
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
                }
            }
            case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncated
            case 2 -> { // bytes inserted
                int at = r.nextInt(b.length);
                byte[] c = new byte[b.length + 1 + r.nextInt(8)];
                System.arraycopy(b, 0, c, 0, at);
                for (int i = at; i < at + c.length - b.length; i++) {
                    c[i] = (byte) r.nextInt(256);
                }
                System.arraycopy(b, at, c, at + c.length - b.length, b.length - at);
                b = c;
            }
            default -> { // a header field set to an extreme value (sizes, block sizes, lengths)
                int at = 4 + r.nextInt(Math.min(60, b.length - 4));
                b[at] = (byte) (r.nextBoolean() ? 0xFF : 0x7F);
            }
        }
        return b;
    }

    private static void fuzz(byte[] file, long seed, int trials) {
        SplittableRandom r = new SplittableRandom(seed);
        int refused = 0;
        for (int t = 0; t < trials; t++) {
            byte[] damaged = mutate(file, r);
            try {
                DecodedForm form = DecodedForm.of(damaged);
                // accepted: then it must rebuild exactly (of() checked it; check again through the public path)
                assertArrayEquals(damaged, DecodedForm.rebuild(form.layout(), form.content()), "trial " + t);
            } catch (NotRebuildableException e) {
                refused++;
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "trial " + t + ": a reason");
            } catch (Exception | OutOfMemoryError e) {
                throw new AssertionError("trial " + t + " (seed " + seed + "): " + e, e);
            }
        }
        assertTrue(refused > trials / 4, refused + " of " + trials + " refused");
    }

    @Test
    void damagedFlacFilesAreRefusedOrRebuiltExactly() throws Exception {
        fuzz(flac("stereo-1-ls"), 1, 300);
        fuzz(flac("lpc32-b1152"), 2, 300);
    }

    @Test
    void damagedPngFilesAreRefusedOrRebuiltExactly() throws Exception {
        SplittableRandom r = new SplittableRandom(9);
        byte[] px = new byte[40 * 30 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i / 7 + r.nextInt(3));
        }
        fuzz(PngFormTest.png(r, 40, 30, 2, px, 6, 8, 0, false), 3, 300);
        fuzz(PngFormTest.png(r, 40, 30, 2, px, 0, 8, 0, true), 4, 200);
    }
}
