package dev.lmzip.model.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@code .safetensors} file from float data, stored as F32, F16 or BF16 (rounded to nearest even).
 * Tensors are laid out contiguously in the order they were added; the header carries
 * {@code "__metadata__": {"format": "pt"}} plus any extra metadata and is padded with spaces to a multiple of 8 bytes,
 * as the reference implementation does. Output is a pure function of the inputs (byte-identical everywhere).
 */
public final class SafetensorsWriter {
    private record Entry(String name, DType dtype, long[] shape, float[] values) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter() {
        metadata.put("format", "pt");
    }

    /** Adds a metadata string (besides "format": "pt"). */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds a tensor; {@code values.length} must equal product(shape). The array is not copied. */
    public SafetensorsWriter add(String name, DType dtype, long[] shape, float[] values) {
        if (dtype != DType.F32 && dtype != DType.BF16 && dtype != DType.F16) {
            throw new IllegalArgumentException("can only write F32, F16 or BF16, not " + dtype);
        }
        if (name.equals("__metadata__") || entries.stream().anyMatch(e -> e.name.equals(name))) {
            throw new IllegalArgumentException("duplicate or reserved tensor name " + name);
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + name);
            }
            n = Math.multiplyExact(n, d);
        }
        if (n != values.length) {
            throw new IllegalArgumentException(name + ": shape " + java.util.Arrays.toString(shape)
                    + " holds " + n + " elements, got " + values.length);
        }
        entries.add(new Entry(name, dtype, shape.clone(), values));
        return this;
    }

    /** Total bytes of tensor data added so far. */
    public long dataBytes() {
        long total = 0;
        for (Entry e : entries) {
            total += (long) e.values.length * e.dtype.byteSize();
        }
        return total;
    }

    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    /** Writes the file (replacing any existing one). */
    public void write(Path path) throws IOException {
        byte[] header = headerBytes();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(len.array());
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : entries) {
                for (float f : e.values) {
                    if (buf.remaining() < 4) {
                        out.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    switch (e.dtype) {
                        case F32 -> buf.putFloat(f);
                        case BF16 -> buf.putShort(DType.floatToBf16(f));
                        case F16 -> buf.putShort(Float.floatToFloat16(f));
                        default -> throw new AssertionError();
                    }
                }
            }
            out.write(buf.array(), 0, buf.position());
        }
    }

    private byte[] headerBytes() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ObjectNode meta = root.putObject("__metadata__");
        metadata.forEach(meta::put);
        long offset = 0;
        for (Entry e : entries) {
            ObjectNode t = root.putObject(e.name);
            t.put("dtype", e.dtype.headerName());
            ArrayNode shape = t.putArray("shape");
            for (long d : e.shape) {
                shape.add(d);
            }
            long bytes = (long) e.values.length * e.dtype.byteSize();
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        StringBuilder s = new StringBuilder(json.writeValueAsString(root));
        while (s.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            s.append(' ');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
