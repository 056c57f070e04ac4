package dev.lmzip.model.hf;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SafetensorsTest {
    @TempDir
    Path tmp;

    private static float[] sample(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(i * 0.37) * (i + 1) * 0.013f;
        }
        x[0] = 0f;
        x[1] = -0f;
        x[2] = 1e-30f; // subnormal in f16
        x[3] = 65504f; // f16 max
        return x;
    }

    @Test
    void roundTripAllWritableDtypes() throws IOException {
        float[] a = sample(6 * 7);
        float[] b = sample(5);
        float[] c = sample(3 * 2 * 4);
        Path p = tmp.resolve("t.safetensors");
        new SafetensorsWriter().metadata("note", "hi")
                .add("a", DType.F32, new long[]{6, 7}, a)
                .add("b.bf", DType.BF16, new long[]{5}, b)
                .add("c.half", DType.F16, new long[]{3, 2, 4}, c)
                .add("scalar", DType.F32, new long[]{}, new float[]{42f})
                .add("empty", DType.F32, new long[]{0, 3}, new float[0])
                .write(p);
        byte[] bytes = Files.readAllBytes(p);
        long headerLen = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLen % 8, "header padded to 8 bytes");
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(Map.of("format", "pt", "note", "hi"), f.metadata());
            assertArrayEquals(new long[]{6, 7}, f.info("a").shape());
            assertArrayEquals(a, f.floats("a"));
            float[] bb = f.floats("b.bf");
            for (int i = 0; i < b.length; i++) {
                assertEquals(DType.bf16ToFloat(DType.floatToBf16(b[i])), bb[i]);
                assertEquals(b[i], bb[i], Math.abs(b[i]) / 128 + 1e-38);
            }
            float[] cc = f.floats("c.half");
            for (int i = 0; i < c.length; i++) {
                assertEquals(Float.float16ToFloat(Float.floatToFloat16(c[i])), cc[i]);
            }
            assertArrayEquals(new float[]{42f}, f.floats("scalar"));
            assertEquals(0, f.floats("empty").length);
            // a range, as the importer streams rows
            float[] row = new float[7];
            f.readFloats("a", 14, row, 0, 7);
            assertArrayEquals(java.util.Arrays.copyOfRange(a, 14, 21), row);
            assertEquals(5 * 2, f.raw("b.bf").byteSize());
        }
    }

    @Test
    void writerIsDeterministic() throws IOException {
        Path p1 = tmp.resolve("1.safetensors"), p2 = tmp.resolve("2.safetensors");
        new SafetensorsWriter().add("x", DType.BF16, new long[]{4, 4}, sample(16)).write(p1);
        new SafetensorsWriter().add("x", DType.BF16, new long[]{4, 4}, sample(16)).write(p2);
        assertArrayEquals(Files.readAllBytes(p1), Files.readAllBytes(p2));
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals((short) 0x3F80, DType.floatToBf16(1.0f));
        // 1 + 2^-8 is exactly half-way between bf16 1.0 and 1.0078125: ties to even (1.0)
        assertEquals((short) 0x3F80, DType.floatToBf16(Float.intBitsToFloat(0x3F808000)));
        assertEquals((short) 0x3F82, DType.floatToBf16(Float.intBitsToFloat(0x3F818000)));
        assertEquals((short) 0x3F81, DType.floatToBf16(Float.intBitsToFloat(0x3F808001)));
        assertTrue(Float.isNaN(DType.bf16ToFloat(DType.floatToBf16(Float.NaN))));
        assertEquals(Float.POSITIVE_INFINITY, DType.bf16ToFloat(DType.floatToBf16(Float.POSITIVE_INFINITY)));
    }

    @Property(tries = 2000)
    void bf16IsTheNearestRepresentable(@ForAll float f) {
        if (Float.isNaN(f) || Float.isInfinite(f) || Math.abs(f) > 3.38e38f) {
            return;
        }
        float r = DType.bf16ToFloat(DType.floatToBf16(f));
        int bits = Float.floatToRawIntBits(f) & 0xFFFF0000;
        float lo = Float.intBitsToFloat(bits), hi = Float.intBitsToFloat(bits + 0x10000);
        double dl = Math.abs((double) f - lo), dh = Math.abs((double) f - hi);
        assertTrue(r == lo || r == hi);
        assertTrue(Math.abs((double) f - r) <= Math.min(dl, dh));
    }

    @Test
    void filesLargerThan2GbAreMapped() throws IOException {
        // a sparse file: one BF16 tensor of 2^31 + 16 elements (4 GiB + 32 bytes); only its tail is written
        long n = (1L << 31) + 16;
        String json = "{\"big\":{\"dtype\":\"BF16\",\"shape\":[" + n + "],\"data_offsets\":[0," + 2 * n + "]}}";
        byte[] h = (json + " ".repeat((8 - json.length() % 8) % 8)).getBytes(StandardCharsets.UTF_8);
        Path p = tmp.resolve("big.safetensors");
        try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ByteBuffer head = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).flip();
            ch.write(head, 0);
            ByteBuffer tail = ByteBuffer.allocate(16 * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 16; i++) {
                tail.putShort(DType.floatToBf16(i + 0.5f));
            }
            ch.write(tail.flip(), 8 + h.length + 2 * (n - 16));
        }
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(n, f.info("big").elementCount());
            float[] last = new float[16];
            f.readFloats("big", n - 16, last, 0, 16);
            for (int i = 0; i < 16; i++) {
                assertEquals(i + 0.5f, last[i]);
            }
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> f.floats("big"));
            assertTrue(e.getMessage().contains("ranges"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ bad files

    private Path withHeader(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path p = tmp.resolve("bad" + System.nanoTime() + ".safetensors");
        Files.write(p, b.array());
        return p;
    }

    private String failure(Path p) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> SafetensorsFile.open(p).close());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void badHeadersAreTypedErrorsNamingTheProblem() throws IOException {
        Path shortFile = tmp.resolve("short.safetensors");
        Files.write(shortFile, new byte[]{1, 2, 3});
        assertTrue(failure(shortFile).contains("too short"));

        Path hugeLen = tmp.resolve("huge.safetensors");
        Files.write(hugeLen, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        assertTrue(failure(hugeLen).contains("header length"));

        assertTrue(failure(withHeader("{not json", 0)).contains("not valid JSON"));
        assertTrue(failure(withHeader("[1,2]", 0)).contains("not a JSON object"));
        assertTrue(failure(withHeader("{\"x\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4))
                .contains("unknown dtype 'Q7'"));
        assertTrue(failure(withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4))
                .contains("past the end"));
        assertTrue(failure(withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8))
                .contains("needs 12"));
        assertTrue(failure(withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0))
                .contains("non-negative"));
        assertTrue(failure(withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8))
                .contains("not ordered"));
        assertTrue(failure(withHeader("{\"x\":{\"dtype\":\"F32\",\"shape\":[1]}}", 8)).contains("data_offsets"));
        assertTrue(failure(withHeader("{\"x\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 8)).contains("dtype"));
        String overlap = failure(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        assertTrue(overlap.contains("'a'") && overlap.contains("'b'") && overlap.contains("overlap"), overlap);
        assertTrue(failure(withHeader("{\"__metadata__\":{\"k\":1}}", 0)).contains("__metadata__"));
    }

    @Test
    void missingTensorNamesTensorAndFile() throws IOException {
        Path p = tmp.resolve("m.safetensors");
        new SafetensorsWriter().add("present", DType.F32, new long[]{1}, new float[]{1}).write(p);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            MissingTensorException e = assertThrows(MissingTensorException.class, () -> f.floats("absent.weight"));
            assertEquals("absent.weight", e.tensorName());
            assertTrue(e.getMessage().contains("absent.weight") && e.getMessage().contains(p.toString()), e.getMessage());
        }
    }

    @Test
    void nonFloatDtypeIsReadableOnlyRaw() throws IOException {
        Path p = withHeader("{\"mask\":{\"dtype\":\"BOOL\",\"shape\":[4],\"data_offsets\":[0,4]}}", 4);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(4, f.raw("mask").byteSize());
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> f.floats("mask"));
            assertTrue(e.getMessage().contains("BOOL"), e.getMessage());
        }
    }
}
