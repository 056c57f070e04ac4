package dev.lmzip.model.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.QLinear;
import dev.lmzip.model.fixed.QNorm;
import dev.lmzip.model.fixed.QuantizedModel;
import dev.lmzip.tokenizer.Tokenizer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** A memory-mapped model file (docs/model-format.md): the integer model, its tokenizer and fingerprint. */
public final class ModelFile implements AutoCloseable {
    /** Files up to this size are hashed completely when opened; larger ones by {@link #verify()}. */
    public static final long VERIFY_ON_OPEN_LIMIT = 512L << 20;
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final byte[] fingerprint;
    private final JsonNode header;
    private final QuantizedModel model;
    private final Tokenizer tokenizer;
    private final byte[] tokenizerJson;

    private ModelFile(Path path, Arena arena, MemorySegment file, byte[] fingerprint, JsonNode header,
                      QuantizedModel model, Tokenizer tokenizer, byte[] tokenizerJson) {
        this.path = path;
        this.arena = arena;
        this.file = file;
        this.fingerprint = fingerprint;
        this.header = header;
        this.model = model;
        this.tokenizer = tokenizer;
        this.tokenizerJson = tokenizerJson;
    }

    /** Only reads the 32-byte fingerprint at the end of the file (to find the model a .lmz needs). */
    public static byte[] readFingerprint(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 16 + 32) {
                throw new ModelFileException(path + ": not an lmzip model file (too short)");
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4);
            ch.read(b, 0);
            if (!Arrays.equals(b.array(), ModelFileWriter.MAGIC)) {
                throw new ModelFileException(path + ": not an lmzip model file (bad magic)");
            }
            java.nio.ByteBuffer fp = java.nio.ByteBuffer.allocate(32);
            ch.read(fp, size - 32);
            return fp.array();
        }
    }

    public static ModelFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment file;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            return parse(path, arena, file);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static ModelFile parse(Path path, Arena arena, MemorySegment file) throws IOException {
        long size = file.byteSize();
        if (size < 16 + 32 || !Arrays.equals(file.asSlice(0, 4).toArray(ValueLayout.JAVA_BYTE), ModelFileWriter.MAGIC)) {
            throw new ModelFileException(path + ": not an lmzip model file");
        }
        int version = file.get(ValueLayout.JAVA_BYTE, 4);
        if (version != ModelFileWriter.VERSION) {
            throw new ModelFileException(path + ": model file version " + version + " is not supported (this lmzip reads "
                    + ModelFileWriter.VERSION + ")");
        }
        long headerLength = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8);
        if (headerLength < 2 || headerLength > (16 << 20) || 16 + headerLength > size - 32) {
            throw new ModelFileException(path + ": damaged model file (header length " + headerLength + ")");
        }
        byte[] fingerprint = file.asSlice(size - 32, 32).toArray(ValueLayout.JAVA_BYTE);
        if (size <= VERIFY_ON_OPEN_LIMIT) {
            byte[] actual = sha256(file, size - 32);
            if (!Arrays.equals(actual, fingerprint)) {
                throw new ModelFileException(path + ": damaged model file (content hash " + HexFormat.of().formatHex(actual)
                        + " differs from its recorded fingerprint " + HexFormat.of().formatHex(fingerprint) + ")");
            }
        }
        JsonNode h = new ObjectMapper().readTree(file.asSlice(16, headerLength).toArray(ValueLayout.JAVA_BYTE));
        if (!"lmzip-model".equals(h.path("format").asText()) || h.path("version").asInt() != ModelFileWriter.VERSION) {
            throw new ModelFileException(path + ": header is not an lmzip model header of version " + ModelFileWriter.VERSION);
        }
        long dataStart = ModelFileWriter.align(16 + headerLength);
        long dataEnd = size - 32;
        Map<String, MemorySegment> tensors = new HashMap<>();
        Map<String, long[]> shapes = new HashMap<>();
        long lastEnd = 0;
        for (JsonNode t : h.path("tensors")) {
            String name = t.path("name").asText();
            long off = t.path("offset").asLong(-1);
            long len = t.path("length").asLong(-1);
            String dtype = t.path("dtype").asText();
            long[] shape = new long[t.path("shape").size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
                count *= shape[i];
            }
            long expect = count * ("i32".equals(dtype) ? 4 : "i8".equals(dtype) ? 1 : -1);
            if (expect < 0 || len != expect || off < lastEnd || off < 0 || dataStart + off + len > dataEnd) {
                throw new ModelFileException(path + ": damaged model file (tensor " + name + ")");
            }
            lastEnd = off + len;
            tensors.put(name, file.asSlice(dataStart + off, len));
            shapes.put(name, shape);
        }
        ModelShape shape = shape(h.path("shape"));
        JsonNode tok = h.path("tokenizer");
        long tokOff = tok.path("offset").asLong(-1);
        long tokLen = tok.path("length").asLong(-1);
        if (tokOff < 0 || tokLen < 1 || dataStart + tokOff + tokLen > dataEnd) {
            throw new ModelFileException(path + ": damaged model file (tokenizer)");
        }
        byte[] tokenizerJson = file.asSlice(dataStart + tokOff, tokLen).toArray(ValueLayout.JAVA_BYTE);
        Tokenizer tokenizer = Tokenizer.fromJson(tokenizerJson);
        QuantizedModel model = assemble(path, shape, tensors, shapes);
        return new ModelFile(path, arena, file, fingerprint, h, model, tokenizer, tokenizerJson);
    }

    static ModelShape shape(JsonNode s) throws ModelFileException {
        try {
            return new ModelShape(ModelShape.Architecture.valueOf(s.path("architecture").asText()),
                    s.path("vocab").asInt(), s.path("hidden").asInt(), s.path("layers").asInt(), s.path("heads").asInt(),
                    s.path("kvHeads").asInt(), s.path("intermediate").asInt(), s.path("rotaryDims").asInt(),
                    s.path("ropeTheta").asDouble(), s.path("epsQ40").asLong(), s.path("parallelResidual").asBoolean(),
                    s.path("qkvBias").asBoolean(), s.path("qkLayerNorm").asBoolean(), s.path("maxPositions").asInt());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ModelFileException("damaged model file: shape " + s + ": " + e.getMessage());
        }
    }

    private static QuantizedModel assemble(Path path, ModelShape s, Map<String, MemorySegment> t, Map<String, long[]> shapes)
            throws ModelFileException {
        Reader r = new Reader(path, t, shapes);
        QuantizedModel.Layer[] layers = new QuantizedModel.Layer[s.layers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "layers." + i + ".";
            QNorm[] qn = null;
            QNorm[] kn = null;
            if (s.qkLayerNorm()) {
                qn = new QNorm[s.heads()];
                kn = new QNorm[s.kvHeads()];
                for (int h = 0; h < qn.length; h++) {
                    qn[h] = r.norm(p + "qnorm." + h, s.headDim());
                }
                for (int h = 0; h < kn.length; h++) {
                    kn[h] = r.norm(p + "knorm." + h, s.headDim());
                }
            }
            boolean gelu = !s.swiglu();
            boolean norm2 = gelu || !s.parallelResidual();
            layers[i] = new QuantizedModel.Layer(r.norm(p + "norm1", s.hidden()), norm2 ? r.norm(p + "norm2", s.hidden()) : null,
                    r.linear(p + "q", s.hidden(), s.hidden()), r.linear(p + "k", s.kvDim(), s.hidden()),
                    r.linear(p + "v", s.kvDim(), s.hidden()), r.linear(p + "o", s.hidden(), s.hidden()), qn, kn,
                    gelu ? null : r.linear(p + "mlp.gate", s.intermediate(), s.hidden()),
                    r.linear(p + "mlp.up", s.intermediate(), s.hidden()),
                    r.linear(p + "mlp.down", s.hidden(), s.intermediate()));
        }
        return new QuantizedModel(s, r.linear("embed", s.vocab(), s.hidden()), layers, r.norm("final_norm", s.hidden()),
                r.linear("lm_head", s.vocab(), s.hidden()));
    }

    private record Reader(Path path, Map<String, MemorySegment> t, Map<String, long[]> shapes) {
        MemorySegment need(String name, long... shape) throws ModelFileException {
            MemorySegment s = t.get(name);
            if (s == null) {
                throw new ModelFileException(path + ": model file lacks tensor " + name);
            }
            if (!Arrays.equals(shapes.get(name), shape)) {
                throw new ModelFileException(path + ": tensor " + name + " has shape " + Arrays.toString(shapes.get(name))
                        + ", expected " + Arrays.toString(shape));
            }
            return s;
        }

        int[] ints(String name, int n) throws ModelFileException {
            MemorySegment s = need(name, n);
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                v[i] = s.get(LE_INT, 4L * i);
            }
            return v;
        }

        QLinear linear(String name, int rows, int cols) throws ModelFileException {
            MemorySegment w = need(name + ".w", rows, cols);
            int[] mult = ints(name + ".mult", rows);
            byte[] shift = need(name + ".shift", rows).toArray(ValueLayout.JAVA_BYTE);
            int[] bias = t.containsKey(name + ".bias") ? ints(name + ".bias", rows) : null;
            try {
                return new QLinear(rows, cols, w, mult, shift, bias);
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(path + ": tensor " + name + ": " + e.getMessage());
            }
        }

        QNorm norm(String name, int n) throws ModelFileException {
            int[] g = ints(name + ".gamma", n);
            int[] b = t.containsKey(name + ".beta") ? ints(name + ".beta", n) : null;
            return new QNorm(g, b);
        }
    }

    private static byte[] sha256(MemorySegment file, long length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(file.asSlice(0, length).asByteBuffer());
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hashes the whole file and compares with the recorded fingerprint. */
    public boolean verify() {
        return Arrays.equals(sha256(file, file.byteSize() - 32), fingerprint);
    }

    public Path path() {
        return path;
    }

    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    public String fingerprintHex() {
        return HexFormat.of().formatHex(fingerprint);
    }

    public QuantizedModel model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public byte[] tokenizerJson() {
        return tokenizerJson.clone();
    }

    public JsonNode header() {
        return header;
    }

    public long size() {
        return file.byteSize();
    }

    @Override
    public void close() {
        arena.close();
    }
}
