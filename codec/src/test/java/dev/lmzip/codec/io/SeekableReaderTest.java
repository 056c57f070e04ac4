package dev.lmzip.codec.io;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.TruncatedInputException;
import dev.lmzip.codec.container.FrameIndex;
import dev.lmzip.codec.container.RandomAccessInput;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frame index (docs/format.md) and {@link LmzSeekableReader}. */
class SeekableReaderTest {

    private static LmzOptions frames4k() {
        return LmzOptions.defaults().frameSizeLog(12).threads(2);
    }

    static LmzSeekableReader reader(byte[] lmz, int threads) throws IOException {
        return new LmzSeekableReader(RandomAccessInput.of(lmz), LmzInputStream.builtIn(), threads,
                LmzInputStream.DEFAULT_MAX_FRAME_SIZE);
    }

    /** Text with some incompressible stretches, so frames are both coded and stored. */
    static byte[] content(long seed, int size) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] words = "the of and frame index seek offset river window ledger compress lossless \n".split(" ");
        StringBuilder sb = new StringBuilder();
        while (sb.length() < size) {
            sb.append(words[r.nextInt(words.length)]).append(' ');
        }
        byte[] b = Arrays.copyOf(sb.toString().getBytes(StandardCharsets.UTF_8), size);
        for (int i = 0; i + 5000 < size; i += 40_000) {
            for (int j = 0; j < 5000; j++) {
                b[i + j] = (byte) r.nextInt();
            }
        }
        return b;
    }

    @Test
    void randomReadsEqualTheSliceOfTheOriginal() throws IOException {
        byte[] raw = content(1, 300_000);
        for (boolean index : new boolean[] {true, false}) {
            byte[] lmz = Lmz.compress(raw, frames4k().index(index));
            try (LmzSeekableReader r = reader(lmz, 2)) {
                assertEquals(index, r.hasIndex());
                assertEquals(raw.length, r.length());
                assertEquals((raw.length + 4095) / 4096, r.index().frameCount());
                SplittableRandom rnd = new SplittableRandom(index ? 7 : 8);
                for (int k = 0; k < 200; k++) {
                    int off = rnd.nextInt(raw.length + 10);
                    int len = rnd.nextInt(k % 10 == 0 ? 40_000 : 3000);
                    byte[] dst = new byte[len];
                    int n = r.read(off, dst);
                    int expected = len == 0 ? 0 : off >= raw.length ? -1 : Math.min(len, raw.length - off);
                    assertEquals(expected, n, "read at " + off + " length " + len);
                    if (n > 0) {
                        assertArrayEquals(Arrays.copyOfRange(raw, off, off + n), Arrays.copyOf(dst, n), "at " + off);
                    }
                    try (LmzFrameStream s = r.open(off, len)) {
                        byte[] got = s.readAllBytes();
                        assertArrayEquals(Arrays.copyOfRange(raw, Math.min(off, raw.length),
                                Math.min(raw.length, off + len)), got, "stream at " + off + " length " + len);
                    }
                }
                assertArrayEquals(raw, r.open(0, Long.MAX_VALUE).readAllBytes());
            }
        }
    }

    @Test
    void indexEntriesDescribeTheFrames() throws IOException {
        byte[] raw = content(2, 50_000);
        byte[] lmz = Lmz.compress(raw, frames4k());
        try (LmzSeekableReader r = reader(lmz, 1);
             LmzSeekableReader scanned = reader(Lmz.compress(raw, frames4k().index(false)), 1)) {
            FrameIndex a = r.index();
            FrameIndex b = scanned.index();
            assertTrue(a.fromFile());
            assertFalse(b.fromFile());
            assertEquals(a.frameCount(), b.frameCount());
            for (int i = 0; i <= a.frameCount(); i++) {
                assertEquals(a.frameOffset(i), b.frameOffset(i));
                assertEquals(a.rawOffset(i), b.rawOffset(i));
            }
            assertEquals(lmz.length - FrameIndex.size(a.frameCount()) - 21, a.endFrameOffset());
        }
    }

    @Test
    void frameStreamReadsOneFrameAtATime() throws IOException {
        byte[] raw = content(3, 40_000);
        byte[] lmz = Lmz.compress(raw, frames4k());
        try (LmzSeekableReader r = reader(lmz, 2); LmzFrameStream s = r.openFrames(3, 6)) {
            byte[] buf = new byte[10_000];
            long pos = 3 * 4096;
            int n;
            while ((n = s.read(buf, 0, buf.length)) > 0) {
                int f = s.lastFrame();
                assertEquals(f, (int) (pos / 4096), "bytes come from the frame holding them");
                assertTrue(pos + n <= Math.min(raw.length, (f + 1) * 4096L), "a read never crosses a frame");
                assertArrayEquals(Arrays.copyOfRange(raw, (int) pos, (int) pos + n), Arrays.copyOf(buf, n));
                pos += n;
            }
            assertEquals(raw.length, pos);
        }
    }

    @Test
    void aCorruptedIndexIsDetected() throws IOException {
        byte[] raw = content(4, 60_000);
        byte[] lmz = Lmz.compress(raw, frames4k());
        int frames = (raw.length + 4095) / 4096;
        int indexAt = lmz.length - (int) FrameIndex.size(frames);
        SplittableRandom rnd = new SplittableRandom(5);
        for (int k = 0; k < 60; k++) {
            byte[] bad = lmz.clone();
            int at = indexAt + rnd.nextInt(lmz.length - indexAt);
            bad[at] ^= (byte) (1 << rnd.nextInt(8));
            assertThrows(CorruptedInputException.class, () -> Lmz.decompress(bad, 1), "stream, byte " + at);
            assertThrows(CorruptedInputException.class, () -> {
                try (LmzSeekableReader r = reader(bad, 1)) {
                    r.open(0, Long.MAX_VALUE).readAllBytes();
                }
            }, "random access, byte " + at);
        }
        // a wrong entry with every index checksum recomputed: still caught, by both readers
        byte[] lying = lmz.clone();
        int entry5 = indexAt + 4 + 16 * 5;
        lying[entry5] += 1; // frame 5's file offset
        fixIndexChecksums(lying, indexAt, frames);
        assertThrows(CorruptedInputException.class, () -> Lmz.decompress(lying, 1));
        assertThrows(CorruptedInputException.class, () -> {
            try (LmzSeekableReader r = reader(lying, 1)) {
                r.read(5 * 4096, new byte[10]); // frame 5 is not where the index says
            }
        });
        // swapped raw offsets that stay monotonic: the index no longer matches the frames
        byte[] shifted = lmz.clone();
        shifted[entry5 + 8] += 1; // frame 5 starts one raw byte later
        fixIndexChecksums(shifted, indexAt, frames);
        assertThrows(CorruptedInputException.class, () -> Lmz.decompress(shifted, 1));
        assertThrows(CorruptedInputException.class, () -> {
            try (LmzSeekableReader r = reader(shifted, 1)) {
                r.read(0, new byte[raw.length]);
            }
        });
    }

    @Test
    void truncatedIndexIsReported() throws IOException {
        byte[] lmz = Lmz.compress(content(6, 20_000), frames4k());
        int frames = 5;
        int indexAt = lmz.length - (int) FrameIndex.size(frames);
        for (int cut = indexAt + 1; cut < lmz.length; cut++) {
            byte[] b = Arrays.copyOf(lmz, cut);
            assertThrows(TruncatedInputException.class, () -> Lmz.decompress(b, 1), "cut at " + cut);
            assertThrows(CorruptedInputException.class, () -> reader(b, 1).close(), "cut at " + cut);
        }
        // cut exactly at the end frame: a valid file without an index
        byte[] plain = Arrays.copyOf(lmz, indexAt);
        assertArrayEquals(content(6, 20_000), Lmz.decompress(plain, 1));
        try (LmzSeekableReader r = reader(plain, 1)) {
            assertFalse(r.hasIndex());
            assertArrayEquals(content(6, 20_000), r.open(0, Long.MAX_VALUE).readAllBytes());
        }
    }

    @Test
    void corruptedFramesAreDetectedByRandomReads() throws IOException {
        byte[] raw = content(7, 30_000);
        byte[] lmz = Lmz.compress(raw, frames4k());
        try (LmzSeekableReader r = reader(lmz, 1)) {
            long payload = r.index().frameOffset(2) + 17 + 5;
            byte[] bad = lmz.clone();
            bad[(int) payload] ^= 0x20;
            try (LmzSeekableReader br = reader(bad, 1)) {
                assertEquals(100, br.read(0, new byte[100]), "frame 0 is fine");
                assertThrows(CorruptedInputException.class, () -> br.read(2 * 4096 + 10, new byte[10]));
            }
        }
    }

    @Test
    void readsAFileChannel() throws IOException {
        byte[] raw = content(8, 100_000);
        Path f = Files.createTempFile("seek", ".lmz");
        try {
            Files.write(f, Lmz.compress(raw, frames4k()));
            try (LmzSeekableReader r = new LmzSeekableReader(FileChannel.open(f), LmzInputStream.builtIn(), 2)) {
                byte[] dst = new byte[1024];
                assertEquals(1024, r.read(55_555, dst));
                assertArrayEquals(Arrays.copyOfRange(raw, 55_555, 55_555 + 1024), dst);
            }
        } finally {
            Files.delete(f);
        }
    }

    static void fixIndexChecksums(byte[] b, int indexAt, int frames) {
        int trailer = b.length - 16;
        putU32(b, trailer + 4, crc(b, indexAt, 4 + 16 * frames));
        putU32(b, trailer + 8, crc(b, trailer, 8));
    }

    private static long crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return c.getValue();
    }

    private static void putU32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    /**
     * Not a test: {@code -Dlmzip.timing=true} prints the time to read 1 KB at random offsets of a
     * 100 MB file against decoding from the start.
     */
    @Test
    void timing() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("lmzip.timing"), "only with -Dlmzip.timing=true");
        int mb = Integer.getInteger("lmzip.timing.mb", 100);
        byte[] raw = content(9, mb << 20);
        Path f = Files.createTempFile("timing", ".lmz");
        try {
            long t0 = System.nanoTime();
            Files.write(f, Lmz.compress(raw, LmzOptions.defaults()));
            System.out.printf("timing: compressed %d MB to %d bytes in %.1f s%n", mb, Files.size(f), (System.nanoTime() - t0) / 1e9);
            SplittableRandom rnd = new SplittableRandom(10);
            try (LmzSeekableReader r = new LmzSeekableReader(FileChannel.open(f))) {
                for (int k = 0; k < 5; k++) {
                    long off = rnd.nextLong(raw.length - 1024);
                    byte[] dst = new byte[1024];
                    long t = System.nanoTime();
                    r.read(off, dst);
                    double ms = (System.nanoTime() - t) / 1e6;
                    assertArrayEquals(Arrays.copyOfRange(raw, (int) off, (int) off + 1024), dst);
                    System.out.printf("timing: 1 KB at offset %d: %.1f ms (random access)%n", off, ms);
                }
                long off = rnd.nextLong(raw.length - 1024);
                long t = System.nanoTime();
                try (var in = new LmzInputStream(Files.newInputStream(f))) {
                    in.skipNBytes(off);
                    in.readNBytes(1024);
                }
                System.out.printf("timing: 1 KB at offset %d by decoding from the start: %.1f ms%n", off,
                        (System.nanoTime() - t) / 1e6);
            }
        } finally {
            Files.delete(f);
        }
    }
}
