package dev.lmzip.model.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One memory-mapped {@code .safetensors} file (FFM API, so files larger than 2 GB work).
 *
 * <p>Layout: an unsigned 64-bit little-endian header length N, N bytes of UTF-8 JSON
 * {@code {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}},
 * then the raw little-endian data; offsets are relative to the start of the data.
 * The header is validated on open: offsets inside the file, byte length = product(shape) x dtype size,
 * no two tensors overlapping.
 *
 * <p>Thread-safe for reads; {@link #close()} unmaps (reads after that fail).
 */
public final class SafetensorsFile implements AutoCloseable {
    /** Header larger than this is refused (the reference implementation uses the same 100 MB bound). */
    public static final long MAX_HEADER_BYTES = 100L << 20;
    static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final Arena arena;
    private final MemorySegment data;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, Arena arena, MemorySegment data,
                            Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.path = path;
        this.arena = arena;
        this.data = data;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Maps and validates a file. */
    public static SafetensorsFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointFormatException(path + ": too short for a safetensors file (" + size + " bytes)");
            }
            MemorySegment all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLen = all.get(I64_LE, 0);
            if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
                throw new CheckpointFormatException(path + ": header length " + Long.toUnsignedString(headerLen)
                        + " is impossible for a file of " + size + " bytes");
            }
            byte[] header = all.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
            MemorySegment data = all.asSlice(8 + headerLen);
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, TensorInfo> tensors = parseHeader(path, header, data.byteSize(), metadata);
            return new SafetensorsFile(path, arena, data, tensors, metadata);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    static Map<String, TensorInfo> parseHeader(Path path, byte[] header, long dataSize, Map<String, String> metadataOut)
            throws CheckpointFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(new String(header, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(path + ": header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointFormatException(path + ": header is not a JSON object");
        }
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) {
                    throw new CheckpointFormatException(path + ": __metadata__ is not an object");
                }
                for (Map.Entry<String, JsonNode> kv : v.properties()) {
                    if (!kv.getValue().isTextual()) {
                        throw new CheckpointFormatException(path + ": __metadata__ value of '" + kv.getKey() + "' is not a string");
                    }
                    metadataOut.put(kv.getKey(), kv.getValue().asText());
                }
                continue;
            }
            out.put(name, parseEntry(path, name, v, dataSize));
        }
        // no overlaps: sort by begin and check each starts at or after the previous end
        List<TensorInfo> sorted = new ArrayList<>(out.values());
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        for (int i = 1; i < sorted.size(); i++) {
            TensorInfo a = sorted.get(i - 1), b = sorted.get(i);
            if (b.begin() < a.end()) {
                throw new CheckpointFormatException(path + ": tensors '" + a.name() + "' [" + a.begin() + "," + a.end()
                        + ") and '" + b.name() + "' [" + b.begin() + "," + b.end() + ") overlap");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static TensorInfo parseEntry(Path path, String name, JsonNode v, long dataSize) throws CheckpointFormatException {
        String where = path + ": tensor '" + name + "'";
        if (!v.isObject()) {
            throw new CheckpointFormatException(where + ": entry is not an object");
        }
        JsonNode dt = v.get("dtype"), sh = v.get("shape"), off = v.get("data_offsets");
        if (dt == null || !dt.isTextual()) {
            throw new CheckpointFormatException(where + ": missing or non-string dtype");
        }
        DType dtype = DType.fromHeaderName(dt.asText()).orElseThrow(
                () -> new CheckpointFormatException(where + ": unknown dtype '" + dt.asText() + "'"));
        if (sh == null || !sh.isArray()) {
            throw new CheckpointFormatException(where + ": missing shape array");
        }
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
                throw new CheckpointFormatException(where + ": shape entry " + d + " is not a non-negative integer");
            }
            shape[i] = d.asLong();
        }
        if (off == null || !off.isArray() || off.size() != 2
                || !off.get(0).isIntegralNumber() || !off.get(1).isIntegralNumber()
                || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
            throw new CheckpointFormatException(where + ": data_offsets must be [begin, end] integers");
        }
        long begin = off.get(0).asLong(), end = off.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw new CheckpointFormatException(where + ": data_offsets [" + begin + "," + end + "] are not ordered");
        }
        if (end > dataSize) {
            throw new CheckpointFormatException(where + ": data_offsets [" + begin + "," + end
                    + "] run past the end of the data section (" + dataSize + " bytes)");
        }
        long expected;
        try {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            expected = Math.multiplyExact(n, dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(where + ": shape is too large");
        }
        if (end - begin != expected) {
            throw new CheckpointFormatException(where + ": " + (end - begin) + " bytes of data but shape "
                    + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + expected);
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    public Path path() {
        return path;
    }

    /** All tensors in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} strings (empty when absent). */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The header entry of a tensor, or {@link MissingTensorException} naming it and this file. */
    public TensorInfo info(String name) throws MissingTensorException {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new MissingTensorException(name, path.toString());
        }
        return t;
    }

    /** The raw little-endian bytes of a tensor, a read-only view of the mapping (valid until {@link #close()}). */
    public MemorySegment raw(String name) throws MissingTensorException {
        TensorInfo t = info(name);
        return data.asSlice(t.begin(), t.byteLength());
    }

    /** The whole tensor converted to float32, row-major. */
    public float[] floats(String name) throws CheckpointFormatException {
        TensorInfo t = info(name);
        long n = t.elementCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw new CheckpointFormatException(path + ": tensor '" + name + "' has " + n
                    + " elements, too many for one float[]; read it in ranges");
        }
        float[] out = new float[(int) n];
        readFloats(name, 0, out, 0, out.length);
        return out;
    }

    /**
     * Converts elements {@code [first, first + len)} of a tensor (row-major flat index) to float into
     * {@code dst[off, off + len)}: the way to stream a large tensor row by row.
     */
    public void readFloats(String name, long first, float[] dst, int off, int len) throws CheckpointFormatException {
        TensorInfo t = info(name);
        if (!t.dtype().isFloatConvertible()) {
            throw new CheckpointFormatException(path + ": tensor '" + name + "' has dtype " + t.dtype()
                    + "; only F32, F16 and BF16 convert to float");
        }
        if (first < 0 || len < 0 || first + len > t.elementCount()) {
            throw new IndexOutOfBoundsException("elements [" + first + "," + (first + len) + ") of " + t);
        }
        java.util.Objects.checkFromIndexSize(off, len, dst.length);
        long base = t.begin() + first * t.dtype().byteSize();
        switch (t.dtype()) {
            case F32 -> MemorySegment.copy(data, F32_LE, base, dst, off, len);
            case BF16 -> {
                for (int i = 0; i < len; i++) {
                    dst[off + i] = DType.bf16ToFloat(data.get(I16_LE, base + 2L * i));
                }
            }
            case F16 -> {
                for (int i = 0; i < len; i++) {
                    dst[off + i] = Float.float16ToFloat(data.get(I16_LE, base + 2L * i));
                }
            }
            default -> throw new AssertionError(t.dtype());
        }
    }

    @Override
    public void close() {
        arena.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + path + ", " + tensors.size() + " tensors]";
    }
}
