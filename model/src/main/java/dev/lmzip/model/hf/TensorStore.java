package dev.lmzip.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tensors of a Hugging Face checkpoint directory, single-file ({@code model.safetensors}) or sharded
 * ({@code model.safetensors.index.json} whose {@code weight_map} maps each tensor to a shard file).
 * Every shard is memory-mapped; nothing is read until asked, so a 3B checkpoint can be streamed tensor by
 * tensor (or row range by row range with {@link #readFloats}).
 */
public final class TensorStore implements AutoCloseable {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path dir;
    private final Map<String, SafetensorsFile> byTensor;
    private final Map<String, SafetensorsFile> files;

    private TensorStore(Path dir, Map<String, SafetensorsFile> byTensor, Map<String, SafetensorsFile> files) {
        this.dir = dir;
        this.byTensor = byTensor;
        this.files = files;
    }

    /** Opens the safetensors files of a checkpoint directory. */
    public static TensorStore open(Path dir) throws IOException {
        Path index = dir.resolve(INDEX_FILE);
        Path single = dir.resolve(SINGLE_FILE);
        Map<String, SafetensorsFile> files = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        try {
            if (Files.isRegularFile(index)) {
                JsonNode root;
                try {
                    root = new ObjectMapper().readTree(index.toFile());
                } catch (IOException e) {
                    throw new CheckpointFormatException(index + ": not valid JSON: " + e.getMessage(), e);
                }
                JsonNode map = root == null ? null : root.get("weight_map");
                if (map == null || !map.isObject()) {
                    throw new CheckpointFormatException(index + ": no \"weight_map\" object");
                }
                for (Map.Entry<String, JsonNode> e : map.properties()) {
                    String shardName = e.getValue().asText();
                    Path shard = dir.resolve(shardName).normalize();
                    if (!e.getValue().isTextual() || !shard.getParent().equals(dir.normalize())) {
                        throw new CheckpointFormatException(index + ": tensor '" + e.getKey()
                                + "' maps to an invalid shard name " + e.getValue());
                    }
                    if (!Files.isRegularFile(shard)) {
                        throw new CheckpointFormatException(index + ": shard " + shardName + " (for tensor '"
                                + e.getKey() + "') does not exist");
                    }
                    SafetensorsFile f = files.get(shardName);
                    if (f == null) {
                        f = SafetensorsFile.open(shard);
                        files.put(shardName, f);
                    }
                    if (!f.contains(e.getKey())) {
                        throw new MissingTensorException(e.getKey(), shard + " (the shard " + INDEX_FILE + " names)");
                    }
                    byTensor.put(e.getKey(), f);
                }
            } else if (Files.isRegularFile(single)) {
                SafetensorsFile f = SafetensorsFile.open(single);
                files.put(SINGLE_FILE, f);
                for (String name : f.tensors().keySet()) {
                    byTensor.put(name, f);
                }
            } else if (Files.exists(dir.resolve("pytorch_model.bin"))) {
                throw new CheckpointFormatException(dir + ": only a pickled pytorch_model.bin; convert it to safetensors first");
            } else {
                throw new CheckpointFormatException(dir + ": neither " + SINGLE_FILE + " nor " + INDEX_FILE);
            }
        } catch (IOException | RuntimeException e) {
            files.values().forEach(SafetensorsFile::close);
            throw e;
        }
        return new TensorStore(dir, Collections.unmodifiableMap(byTensor), Collections.unmodifiableMap(files));
    }

    public Path directory() {
        return dir;
    }

    /** Names of all tensors, in index/header order. */
    public Set<String> names() {
        return byTensor.keySet();
    }

    /** The opened files by file name (one, or one per shard). */
    public Map<String, SafetensorsFile> files() {
        return files;
    }

    public boolean contains(String name) {
        return byTensor.containsKey(name);
    }

    /** The file holding a tensor; {@link MissingTensorException} names the tensor and where it was looked for. */
    public SafetensorsFile fileOf(String name) throws MissingTensorException {
        SafetensorsFile f = byTensor.get(name);
        if (f == null) {
            throw new MissingTensorException(name, where());
        }
        return f;
    }

    public TensorInfo info(String name) throws MissingTensorException {
        return fileOf(name).info(name);
    }

    /** A whole tensor as float32. */
    public float[] floats(String name) throws CheckpointFormatException {
        return fileOf(name).floats(name);
    }

    /** A whole tensor as float32, after checking its shape. */
    public float[] floats(String name, long... expectedShape) throws CheckpointFormatException {
        checkShape(name, expectedShape);
        return floats(name);
    }

    /** Elements {@code [first, first + len)} (row-major) of a tensor into {@code dst[off..]}. */
    public void readFloats(String name, long first, float[] dst, int off, int len) throws CheckpointFormatException {
        fileOf(name).readFloats(name, first, dst, off, len);
    }

    /** Throws a {@link CheckpointFormatException} naming the tensor and its file unless it has exactly this shape. */
    public void checkShape(String name, long... expectedShape) throws CheckpointFormatException {
        SafetensorsFile f = fileOf(name);
        TensorInfo t = f.info(name);
        if (!t.hasShape(expectedShape)) {
            throw new CheckpointFormatException(f.path() + ": tensor '" + name + "' has shape "
                    + Arrays.toString(t.shape()) + ", the config implies " + Arrays.toString(expectedShape));
        }
    }

    private String where() {
        return files.size() == 1 ? files.values().iterator().next().path().toString()
                : dir.resolve(INDEX_FILE) + " (shards " + files.keySet() + ")";
    }

    @Override
    public void close() {
        files.values().forEach(SafetensorsFile::close);
    }
}
