package dev.lmzip.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lmzip.model.file.Importer;
import dev.lmzip.model.file.ModelFile;
import dev.lmzip.model.file.ModelFileWriter;
import dev.lmzip.model.fixed.KvCache;
import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.QuantizedModel;
import dev.lmzip.model.hf.Checkpoint;
import dev.lmzip.model.hf.TransformerWeights;
import dev.lmzip.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/** {@code lmzip model}: import Hugging Face checkpoints, inspect and verify model files. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Import, inspect and verify model files (.lmzm).",
        subcommands = {ModelCommand.Import.class, ModelCommand.Info.class, ModelCommand.Verify.class, ModelCommand.Random.class})
final class ModelCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("lmzip model: give a subcommand: import, info, verify, random (see lmzip model --help)");
        return ExitCode.USAGE;
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Quantize a Hugging Face checkpoint (StableLmForCausalLM, GPTNeoXForCausalLM) into a model file.")
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "HF_DIR", description = "Directory with config.json, model.safetensors (or shards) and tokenizer.json.")
        Path dir;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "NAME.lmzm")
        Path out;

        @Option(names = "--tokenizer", paramLabel = "FILE", description = "tokenizer.json (default: HF_DIR/tokenizer.json).")
        Path tokenizer;

        @Option(names = {"-f", "--force"}, description = "Overwrite an existing output.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            Path tok = tokenizer != null ? tokenizer : dir.resolve("tokenizer.json");
            if (!Files.isRegularFile(tok)) {
                System.err.println("lmzip: " + tok + ": no tokenizer.json (give one with --tokenizer)");
                return ExitCode.INPUT_MISSING;
            }
            if (Files.exists(out) && !force) {
                System.err.println("lmzip: " + out + " already exists (use -f to overwrite)");
                return ExitCode.OUTPUT_EXISTS;
            }
            byte[] tokJson = Files.readAllBytes(tok);
            Tokenizer.fromJson(tokJson); // refuse unsupported tokenizers before the slow part
            long t0 = System.nanoTime();
            TransformerWeights w = Checkpoint.load(dir);
            QuantizedModel q = Importer.quantize(w);
            ObjectNode source = new ObjectMapper().createObjectNode();
            source.put("importer", "lmzip 0.1.0");
            source.put("checkpoint", dir.toAbsolutePath().getFileName().toString());
            source.set("config", new ObjectMapper().readTree(w.config().toJson()));
            byte[] fp = ModelFileWriter.write(q, tokJson, source, out);
            System.err.printf("lmzip: %s: %s, %,d matrix parameters, fingerprint %s (%.1f s)%n", out,
                    q.shape().architecture(), q.shape().matrixParameters(), HexFormat.of().formatHex(fp),
                    (System.nanoTime() - t0) / 1e9);
            return ExitCode.OK;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Shape, parameters, file size and the memory needed to compress at a batch size and context.")
    static final class Info implements Callable<Integer> {
        @Parameters(paramLabel = "MODEL", description = "A .lmzm file or a model name.")
        String model;

        @Option(names = "--batch", paramLabel = "B", description = "Segments coded together (default ${DEFAULT-VALUE}).")
        int batch = Models.DEFAULT_LANES;

        @Option(names = "--context", paramLabel = "T", description = "Context window in tokens (default: min(model, "
                + Models.DEFAULT_CONTEXT + ")).")
        Integer context;

        @Override
        public Integer call() throws IOException {
            Path p = Models.find(model);
            if (p == null) {
                System.err.println("lmzip: unknown model '" + model + "'");
                return ExitCode.MODEL_MISMATCH;
            }
            try (ModelFile m = ModelFile.open(p)) {
                ModelShape s = m.model().shape();
                int t = context != null ? context : Math.min(Models.DEFAULT_CONTEXT, s.maxPositions());
                long kv = KvCache.bytesPerPosition(s) * t;
                long act = (long) batch * 4L * (3L * s.hidden() + 2L * s.intermediate() + 2L * s.vocab())
                        + (long) batch * 8L * t;
                System.out.println(p + ":");
                System.out.println("  fingerprint    : " + m.fingerprintHex());
                System.out.println("  architecture   : " + s.architecture());
                System.out.printf("  shape          : vocab %d, hidden %d, layers %d, heads %d (kv %d, head dim %d, rotary %d),"
                        + " intermediate %d, max positions %d%n", s.vocab(), s.hidden(), s.layers(), s.heads(), s.kvHeads(),
                        s.headDim(), s.rotaryDims(), s.intermediate(), s.maxPositions());
                System.out.printf("  parameters     : %,d in matrices (int8)%n", s.matrixParameters());
                System.out.printf("  tokenizer      : %,d ids%n", m.tokenizer().vocabSize());
                System.out.printf("  file size      : %,d bytes (memory-mapped)%n", m.size());
                System.out.printf("  memory at batch %d, context %d:%n", batch, t);
                System.out.printf("    weights      : %,d bytes (mapped, shared by all segments)%n", m.size());
                System.out.printf("    KV cache     : %,d bytes per segment, %,d in all%n", kv, kv * batch);
                System.out.printf("    activations  : ~%,d bytes%n", act);
                System.out.printf("    total        : ~%,d bytes%n", m.size() + kv * batch + act);
                System.out.printf("  GPU memory     : %s%n",
                        dev.lmzip.model.gpu.GpuMemory.of(s, t, batch, dev.lmzip.model.gpu.GpuEngine.DEFAULT_ROWS).describe());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Hash a model file and compare with its fingerprint.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "MODEL")
        String model;

        @Override
        public Integer call() throws IOException {
            Path p = Models.find(model);
            if (p == null) {
                System.err.println("lmzip: unknown model '" + model + "'");
                return ExitCode.MODEL_MISMATCH;
            }
            try (ModelFile m = ModelFile.open(p)) {
                if (!m.verify()) {
                    System.err.println("lmzip: " + p + ": damaged: content does not match fingerprint " + m.fingerprintHex());
                    return ExitCode.CORRUPTED;
                }
                System.out.println(p + ": OK " + m.fingerprintHex());
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "random", mixinStandardHelpOptions = true,
            description = "Write a model file with random weights of a known shape (for speed measurements).")
    static final class Random implements Callable<Integer> {
        @Option(names = "--shape", required = true, paramLabel = "SHAPE",
                description = "pythia-160m, stablelm-3b, or tiny")
        String shape;

        @Option(names = "--tokenizer", required = true, paramLabel = "FILE", description = "tokenizer.json to embed.")
        Path tokenizer;

        @Option(names = {"-o", "--output"}, required = true)
        Path out;

        @Option(names = "--seed")
        long seed = 1;

        @Override
        public Integer call() throws IOException {
            ModelShape s = switch (shape) {
                case "pythia-160m" -> new ModelShape(ModelShape.Architecture.GPT_NEOX, 50304, 768, 12, 12, 12, 3072, 16,
                        10000, ModelShape.epsQ40(1e-5), true, true, false, 2048);
                case "stablelm-3b" -> new ModelShape(ModelShape.Architecture.STABLELM, 50304, 2560, 32, 32, 32, 6912, 20,
                        10000, ModelShape.epsQ40(1e-5), false, false, false, 4096);
                case "tiny" -> ModelShape.stablelm(50304, 64, 2, 4, 160, 512);
                default -> throw new IllegalArgumentException("unknown shape " + shape);
            };
            byte[] fp = ModelFileWriter.write(QuantizedModel.random(s, seed), Files.readAllBytes(tokenizer), null, out);
            System.err.println("lmzip: " + out + ": random " + shape + ", fingerprint " + HexFormat.of().formatHex(fp));
            return ExitCode.OK;
        }
    }

}
