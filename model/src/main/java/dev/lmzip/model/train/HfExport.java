package dev.lmzip.model.train;

import dev.lmzip.model.hf.DType;
import dev.lmzip.model.hf.SafetensorsWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a Hugging Face checkpoint directory: {@code config.json} (StableLmForCausalLM), {@code model.safetensors}
 * (F32, BF16 or F16) and {@code tokenizer.json}.
 */
public final class HfExport {
    private HfExport() {
    }

    public static void write(TrainModel model, Path tokenizerJson, Path dir, DType dtype, String description) throws IOException {
        Files.createDirectories(dir);
        String torchDtype = switch (dtype) {
            case BF16 -> "bfloat16";
            case F16 -> "float16";
            case F32 -> "float32";
            default -> throw new IllegalArgumentException("cannot export as " + dtype);
        };
        SafetensorsWriter w = new SafetensorsWriter();
        if (description != null) {
            w.metadata("lmzip", description);
        }
        for (Param p : model.params()) {
            w.add(p.name, dtype, p.hfShape(), p.w);
        }
        Path tmp = dir.resolve("model.safetensors.tmp");
        w.write(tmp);
        Files.move(tmp, dir.resolve("model.safetensors"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(dir.resolve("config.json"), model.config.toJson(torchDtype), StandardCharsets.UTF_8);
        if (!tokenizerJson.toAbsolutePath().equals(dir.resolve("tokenizer.json").toAbsolutePath())) {
            Files.copy(tokenizerJson, dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
