package dev.lmzip.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static dev.lmzip.e2e.RoundTripTest.assertOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lmzip -d --offset N --length M}: a slice of the content through the frame index. */
class SliceTest {
    @TempDir
    Path dir;

    @Test
    void offsetAndLengthGiveTheSlice() {
        byte[] content = Data.text(11, 400_000);
        Data.write(dir.resolve("f"), content);
        assertOk(Lmzip.run(dir, null, "--frame-size", "16K", "f"));
        byte[] lmz = Data.read(dir.resolve("f.lmz"));
        assertTrue(Data.hasIndex(lmz));

        Lmzip.Result r = Lmzip.run(dir, null, "-d", "--offset", "123457", "--length", "50000", "f.lmz");
        assertOk(r);
        assertArrayEquals(Arrays.copyOfRange(content, 123_457, 173_457), r.stdout(), "to stdout by default");

        assertOk(Lmzip.run(dir, null, "decompress", "--offset", "390000", "-o", "tail", "f.lmz"));
        assertArrayEquals(Arrays.copyOfRange(content, 390_000, content.length), Data.read(dir.resolve("tail")));

        Lmzip.Result k = Lmzip.run(dir, null, "-d", "--length", "1K", "f.lmz");
        assertArrayEquals(Arrays.copyOf(content, 1024), k.stdout());

        Lmzip.Result past = Lmzip.run(dir, null, "-d", "--offset", "500000", "f.lmz");
        assertOk(past);
        assertEquals(0, past.stdout().length);

        // standard input cannot seek: decoded from the start, same bytes
        Lmzip.Result in = Lmzip.run(dir, lmz, "-d", "--offset", "123457", "--length", "50000");
        assertOk(in);
        assertArrayEquals(Arrays.copyOfRange(content, 123_457, 173_457), in.stdout());

        assertEquals(2, Lmzip.run(dir, null, "--offset", "5", "f").exit(), "--offset needs -d");
        assertEquals(2, Lmzip.run(dir, null, "-d", "--offset", "five", "f.lmz").exit());
    }

    @Test
    void filesWithoutIndexStillSliceAndDecode() {
        byte[] content = Data.text(12, 100_000);
        Data.write(dir.resolve("g"), content);
        assertOk(Lmzip.run(dir, null, "--frame-size", "4K", "--no-index", "g"));
        byte[] lmz = Data.read(dir.resolve("g.lmz"));
        assertFalse(Data.hasIndex(lmz));
        Lmzip.Result info = Lmzip.run(dir, null, "info", "g.lmz");
        assertTrue(info.out().contains("  frame index    : no"), info.out());
        Lmzip.Result r = Lmzip.run(dir, null, "-d", "--offset", "77777", "--length", "5000", "g.lmz");
        assertOk(r);
        assertArrayEquals(Arrays.copyOfRange(content, 77_777, 82_777), r.stdout());
        assertOk(Lmzip.run(dir, null, "-d", "-f", "g.lmz"));
        assertArrayEquals(content, Data.read(dir.resolve("g")));
    }

    @Test
    void aCorruptedIndexIsExit5() {
        byte[] content = Data.text(13, 50_000);
        Data.write(dir.resolve("h"), content);
        assertOk(Lmzip.run(dir, null, "--frame-size", "4K", "h"));
        byte[] lmz = Data.read(dir.resolve("h.lmz"));
        lmz[Data.endFrameOffset(lmz) + 21 + 4 + 16 * 3 + 2] ^= 1; // frame 3's entry
        Data.write(dir.resolve("bad.lmz"), lmz);
        Lmzip.Result slice = Lmzip.run(dir, null, "-d", "--offset", "100", "--length", "10", "bad.lmz");
        assertEquals(5, slice.exit(), slice::toString);
        assertTrue(slice.stderr().contains("index"), slice::toString);
        Lmzip.Result whole = Lmzip.run(dir, null, "-t", "bad.lmz");
        assertEquals(5, whole.exit(), whole::toString);
    }
}
