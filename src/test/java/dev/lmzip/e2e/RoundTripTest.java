package dev.lmzip.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FILE → FILE.lmz → FILE through the real command line, with gzip/zstd conventions. */
class RoundTripTest {
    static final byte[] MAGIC = {(byte) 0x89, 'L', 'M', 'Z'};

    @TempDir
    Path dir;

    static void assertOk(Lmzip.Result r) {
        assertEquals(0, r.exit(), () -> r.toString());
        assertEquals("", r.stderr(), "a successful run prints nothing on stderr");
    }

    static void assertLmz(byte[] b) {
        assertTrue(b.length >= 4, "too short for .lmz");
        assertArrayEquals(MAGIC, java.util.Arrays.copyOf(b, 4), "magic bytes");
    }

    @Test
    void compressKeepsInputByDefaultAndDecompressRestoresIt() throws Exception {
        byte[] content = Data.text(1, 200_000);
        Path a = Data.write(dir.resolve("a.txt"), content);

        Lmzip.Result c = Lmzip.run(dir, null, "a.txt");
        assertOk(c);
        assertEquals(0, c.stdout().length, "nothing on stdout when writing a file");
        assertArrayEquals(content, Data.read(a), "input kept unchanged");
        byte[] lmz = Data.read(dir.resolve("a.txt.lmz"));
        assertLmz(lmz);
        assertTrue(lmz.length < content.length / 2, "text compresses: " + lmz.length);
        assertEquals(List.of("a.txt", "a.txt.lmz"), Data.names(dir), "no temporary file left behind");

        Files.move(a, dir.resolve("a.orig"));
        Lmzip.Result d = Lmzip.run(dir, null, "-d", "a.txt.lmz");
        assertOk(d);
        assertArrayEquals(content, Data.read(a), "restored byte for byte");
        assertArrayEquals(lmz, Data.read(dir.resolve("a.txt.lmz")), "the .lmz is kept");
        assertEquals(List.of("a.orig", "a.txt", "a.txt.lmz"), Data.names(dir));
    }

    @Test
    void rmRemovesTheInputAfterSuccess() {
        byte[] content = concat(Data.random(2, 40_000), Data.text(3, 60_000));
        Data.write(dir.resolve("b.bin"), content);

        assertOk(Lmzip.run(dir, null, "compress", "--rm", "b.bin"));
        assertEquals(List.of("b.bin.lmz"), Data.names(dir), "input removed after compression");

        assertOk(Lmzip.run(dir, null, "decompress", "--rm", "b.bin.lmz"));
        assertEquals(List.of("b.bin"), Data.names(dir), ".lmz removed after decompression");
        assertArrayEquals(content, Data.read(dir.resolve("b.bin")));
    }

    @Test
    void rmKeepsTheInputWhenDecompressionFails() throws Exception {
        byte[] content = Data.text(4, 30_000);
        Data.write(dir.resolve("c"), content);
        assertOk(Lmzip.run(dir, null, "c"));
        byte[] lmz = Data.read(dir.resolve("c.lmz"));
        lmz[lmz.length / 2] ^= 0x40;
        Data.write(dir.resolve("c.lmz"), lmz);
        Files.delete(dir.resolve("c"));

        Lmzip.Result r = Lmzip.run(dir, null, "-d", "--rm", "c.lmz");
        assertEquals(5, r.exit(), r::toString);
        assertEquals(List.of("c.lmz"), Data.names(dir), "corrupted input kept, no output, no temporary file");
        assertArrayEquals(lmz, Data.read(dir.resolve("c.lmz")));
    }

    @Test
    void keepFlagAndCompressFlag() {
        byte[] content = Data.text(5, 20_000);
        Data.write(dir.resolve("k.txt"), content);
        assertOk(Lmzip.run(dir, null, "-z", "-k", "k.txt"));
        assertEquals(List.of("k.txt", "k.txt.lmz"), Data.names(dir));
        assertArrayEquals(content, Data.read(dir.resolve("k.txt")));
        assertLmz(Data.read(dir.resolve("k.txt.lmz")));
    }

    @Test
    void outputOptionNamesTheResult() {
        byte[] content = Data.text(6, 50_000);
        Data.write(dir.resolve("o.txt"), content);
        assertOk(Lmzip.run(dir, null, "-o", "custom.bin", "o.txt"));
        assertEquals(List.of("custom.bin", "o.txt"), Data.names(dir), "-o replaces the default name");
        assertLmz(Data.read(dir.resolve("custom.bin")));

        // -o also lifts the .lmz suffix rule for decompression
        assertOk(Lmzip.run(dir, null, "decompress", "--output", "back.txt", "custom.bin"));
        assertArrayEquals(content, Data.read(dir.resolve("back.txt")));
        assertEquals(List.of("back.txt", "custom.bin", "o.txt"), Data.names(dir));
    }

    @Test
    void stdoutOptionWritesTheSameBytesAsAFile() {
        byte[] content = Data.text(7, 120_000);
        Data.write(dir.resolve("s.txt"), content);
        assertOk(Lmzip.run(dir, null, "s.txt"));
        byte[] lmz = Data.read(dir.resolve("s.txt.lmz"));

        Lmzip.Result c = Lmzip.run(dir, null, "-c", "s.txt");
        assertOk(c);
        assertArrayEquals(lmz, c.stdout(), "-c writes exactly the .lmz the file mode writes");

        Lmzip.Result d = Lmzip.run(dir, null, "-dc", "s.txt.lmz");
        assertOk(d);
        assertArrayEquals(content, d.stdout());
        assertEquals(List.of("s.txt", "s.txt.lmz"), Data.names(dir), "-c creates and removes no file");
    }

    @Test
    void severalFilesInOneCall() throws Exception {
        byte[][] contents = {Data.text(8, 70_000), new byte[0], {42}, Data.random(9, 5_000)};
        String[] names = {"x.txt", "empty", "one", "rnd.bin"};
        for (int i = 0; i < names.length; i++) {
            Data.write(dir.resolve(names[i]), contents[i]);
        }
        Lmzip.Result c = Lmzip.run(dir, null, "compress", names[0], names[1], names[2], names[3]);
        assertOk(c);
        String[] lmz = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            lmz[i] = names[i] + ".lmz";
            assertLmz(Data.read(dir.resolve(lmz[i])));
        }

        Lmzip.Result t = Lmzip.run(dir, null, "test", lmz[0], lmz[1], lmz[2], lmz[3]);
        assertOk(t);
        assertEquals(0, t.stdout().length, "test writes nothing");
        Lmzip.Result t2 = Lmzip.run(dir, null, "-t", lmz[0], lmz[1], lmz[2], lmz[3]);
        assertOk(t2);
        assertEquals(0, t2.stdout().length);
        assertEquals(8, Data.names(dir).size(), "test creates no file");

        Lmzip.Result d = Lmzip.run(dir, null, "-d", "--rm", lmz[0], lmz[1], lmz[2], lmz[3]);
        // the originals still exist, so -d must refuse each one (exit 8) and keep the .lmz files
        assertEquals(8, d.exit(), d::toString);
        assertEquals(4, d.errLines().size(), d::toString);
        assertEquals(8, Data.names(dir).size());
        for (String n : names) {
            Files.delete(dir.resolve(n));
        }

        Lmzip.Result d2 = Lmzip.run(dir, null, "decompress", "--rm", lmz[0], lmz[1], lmz[2], lmz[3]);
        assertOk(d2);
        assertEquals(List.of(names).stream().sorted().toList(), Data.names(dir));
        for (int i = 0; i < names.length; i++) {
            assertArrayEquals(contents[i], Data.read(dir.resolve(names[i])), names[i]);
        }
        assertFalse(Files.exists(dir.resolve(lmz[0])));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
