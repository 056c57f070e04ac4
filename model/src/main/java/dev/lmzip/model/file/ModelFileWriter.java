package dev.lmzip.model.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.QLinear;
import dev.lmzip.model.fixed.QNorm;
import dev.lmzip.model.fixed.QuantizedModel;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** Writes docs/model-format.md version 1; the same bytes give the same fingerprint everywhere. */
public final class ModelFileWriter {
    static final byte[] MAGIC = {'L', 'M', 'Z', 'M'};
    static final int VERSION = 1;
    static final int ALIGN = 64;

    private record Blob(String name, String dtype, long[] shape, MemorySegment data) {
    }

    private ModelFileWriter() {
    }

    /** Writes atomically (temporary file, then rename); returns the fingerprint. */
    public static byte[] write(QuantizedModel model, byte[] tokenizerJson, ObjectNode source, Path out) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            byte[] fp = write(model, tokenizerJson, source, os);
            os.flush();
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return fp;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The fingerprint the file of this model and tokenizer has (without writing anything). */
    public static byte[] fingerprint(QuantizedModel model, byte[] tokenizerJson) throws IOException {
        return write(model, tokenizerJson, null, OutputStream.nullOutputStream());
    }

    static byte[] write(QuantizedModel model, byte[] tokenizerJson, ObjectNode source, OutputStream sink) throws IOException {
        List<Blob> blobs = blobs(model);
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        header.put("format", "lmzip-model");
        header.put("version", VERSION);
        header.set("shape", shapeJson(json, model.shape()));
        long offset = 0;
        ObjectNode tok = header.putObject("tokenizer");
        tok.put("offset", offset);
        tok.put("length", tokenizerJson.length);
        offset = align(offset + tokenizerJson.length);
        ArrayNode tensors = header.putArray("tensors");
        for (Blob b : blobs) {
            ObjectNode t = tensors.addObject();
            t.put("name", b.name());
            t.put("dtype", b.dtype());
            ArrayNode shape = t.putArray("shape");
            for (long d : b.shape()) {
                shape.add(d);
            }
            t.put("offset", offset);
            t.put("length", b.data().byteSize());
            offset = align(offset + b.data().byteSize());
        }
        if (source != null) {
            header.set("source", source);
        }
        byte[] headerBytes = json.writeValueAsBytes(header);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        DigestOutputStream out = new DigestOutputStream(sink, sha);
        ByteBuffer prefix = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        prefix.put(MAGIC).put((byte) VERSION).put(new byte[3]).putLong(headerBytes.length);
        out.write(prefix.array());
        out.write(headerBytes);
        long pos = 16 + headerBytes.length;
        pos = pad(out, pos, align(pos));
        long dataStart = pos;
        out.write(tokenizerJson);
        pos += tokenizerJson.length;
        pos = pad(out, pos, dataStart + align(pos - dataStart));
        byte[] chunk = new byte[1 << 16];
        for (Blob b : blobs) {
            MemorySegment seg = b.data();
            for (long at = 0; at < seg.byteSize(); at += chunk.length) {
                int n = (int) Math.min(chunk.length, seg.byteSize() - at);
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, at, chunk, 0, n);
                out.write(chunk, 0, n);
            }
            pos += seg.byteSize();
            pos = pad(out, pos, dataStart + align(pos - dataStart));
        }
        out.flush();
        byte[] fingerprint = sha.digest();
        sink.write(fingerprint);
        return fingerprint;
    }

    private static long pad(OutputStream out, long pos, long to) throws IOException {
        out.write(new byte[(int) (to - pos)]);
        return to;
    }

    static long align(long x) {
        return (x + ALIGN - 1) / ALIGN * ALIGN;
    }

    static ObjectNode shapeJson(ObjectMapper json, ModelShape s) {
        ObjectNode n = json.createObjectNode();
        n.put("architecture", s.architecture().name());
        n.put("vocab", s.vocab());
        n.put("hidden", s.hidden());
        n.put("layers", s.layers());
        n.put("heads", s.heads());
        n.put("kvHeads", s.kvHeads());
        n.put("intermediate", s.intermediate());
        n.put("rotaryDims", s.rotaryDims());
        n.put("ropeTheta", s.ropeTheta());
        n.put("epsQ40", s.epsQ40());
        n.put("parallelResidual", s.parallelResidual());
        n.put("qkvBias", s.qkvBias());
        n.put("qkLayerNorm", s.qkLayerNorm());
        n.put("maxPositions", s.maxPositions());
        return n;
    }

    private static List<Blob> blobs(QuantizedModel m) {
        List<Blob> out = new ArrayList<>();
        linear(out, "embed", m.embedding());
        for (int i = 0; i < m.layers().length; i++) {
            QuantizedModel.Layer l = m.layers()[i];
            String p = "layers." + i + ".";
            norm(out, p + "norm1", l.norm1());
            if (l.norm2() != null) {
                norm(out, p + "norm2", l.norm2());
            }
            linear(out, p + "q", l.q());
            linear(out, p + "k", l.k());
            linear(out, p + "v", l.v());
            linear(out, p + "o", l.o());
            if (l.qNorms() != null) {
                for (int h = 0; h < l.qNorms().length; h++) {
                    norm(out, p + "qnorm." + h, l.qNorms()[h]);
                }
                for (int h = 0; h < l.kNorms().length; h++) {
                    norm(out, p + "knorm." + h, l.kNorms()[h]);
                }
            }
            if (l.mlpGate() != null) {
                linear(out, p + "mlp.gate", l.mlpGate());
            }
            linear(out, p + "mlp.up", l.mlpUp());
            linear(out, p + "mlp.down", l.mlpDown());
        }
        norm(out, "final_norm", m.finalNorm());
        linear(out, "lm_head", m.lmHead());
        return out;
    }

    private static void linear(List<Blob> out, String name, QLinear l) {
        out.add(new Blob(name + ".w", "i8", new long[] {l.rows(), l.cols()}, l.weights()));
        out.add(new Blob(name + ".mult", "i32", new long[] {l.rows()}, ints(l.mult())));
        out.add(new Blob(name + ".shift", "i8", new long[] {l.rows()}, MemorySegment.ofArray(l.shift())));
        if (l.bias() != null) {
            out.add(new Blob(name + ".bias", "i32", new long[] {l.rows()}, ints(l.bias())));
        }
    }

    private static void norm(List<Blob> out, String name, QNorm n) {
        out.add(new Blob(name + ".gamma", "i32", new long[] {n.gamma().length}, ints(n.gamma())));
        if (n.beta() != null) {
            out.add(new Blob(name + ".beta", "i32", new long[] {n.beta().length}, ints(n.beta())));
        }
    }

    private static MemorySegment ints(int[] v) {
        MemorySegment s = MemorySegment.ofArray(new byte[v.length * 4]);
        for (int i = 0; i < v.length; i++) {
            s.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4L * i, v[i]);
        }
        return s;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
