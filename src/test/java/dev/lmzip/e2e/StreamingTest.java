package dev.lmzip.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.lmzip.e2e.RoundTripTest.assertLmz;
import static dev.lmzip.e2e.RoundTripTest.assertOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Standard input to standard output, both ways: {@code cat x | lmzip | lmzip -d}. */
class StreamingTest {
    @TempDir
    Path dir;

    @Test
    void emptyInput() {
        Lmzip.Result c = Lmzip.run(dir, new byte[0]);
        assertOk(c);
        assertLmz(c.stdout());

        Lmzip.Result d = Lmzip.run(dir, c.stdout(), "-d", "-");
        assertOk(d);
        assertEquals(0, d.stdout().length);
        assertEquals(List.of(), Data.names(dir), "streaming writes no file");
    }

    @Test
    void oneByteInput() {
        byte[] one = {(byte) 0xA7};
        Lmzip.Result c = Lmzip.run(dir, one, "-");
        assertOk(c);
        assertLmz(c.stdout());

        Lmzip.Result d = Lmzip.run(dir, c.stdout(), "decompress");
        assertOk(d);
        assertArrayEquals(one, d.stdout());
        assertEquals(List.of(), Data.names(dir));

        Lmzip.Result f = Lmzip.run(dir, c.stdout(), "-d", "-o", "one.bin");
        assertOk(f);
        assertEquals(0, f.stdout().length, "-o sends standard input's result to a file");
        assertArrayEquals(one, Data.read(dir.resolve("one.bin")));
        assertEquals(List.of("one.bin"), Data.names(dir));
    }

    /** Several frames of 64K, text and incompressible parts; the thread count never changes the bytes. */
    @Test
    void multiFrameInputIsIndependentOfThreads() {
        byte[] input = RoundTripTest.concat(Data.text(10, 2_600_000), Data.random(11, 400_000));
        Lmzip.Result one = Lmzip.run(dir, input, "--frame-size", "64K", "-T", "1");
        assertOk(one);
        assertLmz(one.stdout());
        assertTrue(one.stdout().length < input.length, "compressed: " + one.stdout().length);

        Lmzip.Result two = Lmzip.run(dir, input, "-z", "--frame-size", "64K", "-T", "2", "-");
        assertOk(two);
        assertArrayEquals(one.stdout(), two.stdout(), "-T 1 and -T 2 write identical .lmz bytes");

        Lmzip.Result d = Lmzip.run(dir, two.stdout(), "-d", "-T", "2");
        assertOk(d);
        assertEquals(input.length, d.stdout().length);
        assertArrayEquals(input, d.stdout(), "multi-frame stream restored byte for byte");
        assertEquals(List.of(), Data.names(dir));
    }
}
