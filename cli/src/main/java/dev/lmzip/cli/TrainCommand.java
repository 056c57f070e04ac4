package dev.lmzip.cli;

import dev.lmzip.model.hf.DType;
import dev.lmzip.model.train.TrainOptions;
import dev.lmzip.model.train.Trainer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code lmzip train}: trains a byte-level BPE vocabulary and a StableLM-architecture model on a corpus (float32,
 * CPU), with resumable checkpoints, and exports a Hugging Face checkpoint directory. See docs/training.md.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a StableLM-architecture language model (and its BPE vocabulary) on FILE|DIR... into RUN_DIR;",
                "resume with --resume RUN_DIR; export a Hugging Face checkpoint (config.json, model.safetensors,",
                "tokenizer.json) with --export DIR. Deterministic given --seed (any thread count)."})
final class TrainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE|DIR", arity = "0..*", description = "Training corpus: files, or directories searched recursively.")
    List<Path> data;

    @Option(names = {"-o", "--out"}, paramLabel = "RUN_DIR", description = "Run directory for a new run (checkpoint, tokenizer, metrics).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its checkpoint.")
    Path resume;

    @Option(names = "--export", paramLabel = "DIR", description = "After training (or at once with --steps 0 and --resume), write a Hugging Face checkpoint to DIR.")
    Path export;

    @Option(names = "--dtype", paramLabel = "T", description = "Export dtype: bf16 (default), f16 or f32.")
    String dtype = "bf16";

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "Use this tokenizer.json instead of training a vocabulary.")
    Path tokenizer;

    @Option(names = "--vocab", paramLabel = "N", description = "BPE vocabulary size to train (default ${DEFAULT-VALUE}).")
    int vocab = 8192;

    @Option(names = "--hidden", paramLabel = "N", description = "Model width (default ${DEFAULT-VALUE}).")
    int hidden = 256;

    @Option(names = "--layers", paramLabel = "N", description = "Decoder blocks (default ${DEFAULT-VALUE}).")
    int layers = 4;

    @Option(names = "--heads", paramLabel = "N", description = "Attention heads (default ${DEFAULT-VALUE}).")
    int heads = 8;

    @Option(names = "--intermediate", paramLabel = "N", description = "SwiGLU width (default ${DEFAULT-VALUE}).")
    int intermediate = 688;

    @Option(names = "--context", paramLabel = "N", description = "Sequence length (default ${DEFAULT-VALUE}); also max_position_embeddings.")
    int context = 256;

    @Option(names = "--batch", paramLabel = "N", description = "Sequences per optimizer step (default ${DEFAULT-VALUE}).")
    int batch = 8;

    @Option(names = "--steps", paramLabel = "N", description = "Optimizer steps, the length of the cosine schedule (default ${DEFAULT-VALUE}); with --resume, changes it.")
    Long steps;

    @Option(names = "--epochs", paramLabel = "N", description = "Stop after this many passes over the data (default ${DEFAULT-VALUE}).")
    int epochs = 4;

    @Option(names = "--lr", paramLabel = "X", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double lr = 2e-3;

    @Option(names = "--min-lr", paramLabel = "X", description = "Final learning rate of the cosine decay (default ${DEFAULT-VALUE}).")
    double minLr = 2e-4;

    @Option(names = "--warmup", paramLabel = "N", description = "Linear warm-up steps (default ${DEFAULT-VALUE}).")
    int warmup = 100;

    @Option(names = "--weight-decay", paramLabel = "X", description = "AdamW weight decay on weight matrices (default ${DEFAULT-VALUE}).")
    double weightDecay = 0.1;

    @Option(names = "--clip", paramLabel = "X", description = "Global gradient-norm clip (default ${DEFAULT-VALUE}; 0: none).")
    double clip = 1.0;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for initialisation, data order and the validation split (default ${DEFAULT-VALUE}).")
    long seed = 1234;

    @Option(names = {"-T", "--threads"}, paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--val-fraction", paramLabel = "X", description = "Share of corpus bytes held out for validation, as whole files (default ${DEFAULT-VALUE}).")
    double valFraction = 0.01;

    @Option(names = "--val-every", paramLabel = "N", description = "Validate every N steps (default ${DEFAULT-VALUE}; 0: only at the end).")
    int valEvery = 200;

    @Option(names = "--val-windows", paramLabel = "N", description = "Held-out sequences per validation (default ${DEFAULT-VALUE}).")
    int valWindows = 64;

    @Option(names = "--checkpoint-minutes", paramLabel = "X", description = "Checkpoint interval (default ${DEFAULT-VALUE}).")
    double checkpointMinutes = 5;

    @Option(names = "--log-every", paramLabel = "N", description = "Report progress every N steps (default ${DEFAULT-VALUE}).")
    int logEvery = 10;

    @Option(names = "--no-progress", description = "Print plain progress lines instead of a progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        DType dt = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "bf16", "bfloat16" -> DType.BF16;
            case "f16", "float16" -> DType.F16;
            case "f32", "float32" -> DType.F32;
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "unknown --dtype " + dtype);
        };
        if ((resume == null) == (out == null)) {
            System.err.println("lmzip train: give either -o RUN_DIR with a corpus, or --resume RUN_DIR");
            return ExitCode.USAGE;
        }
        if (resume != null && steps != null && steps == 0) {
            if (export == null) {
                System.err.println("lmzip train: --steps 0 with --resume only makes sense with --export");
                return ExitCode.USAGE;
            }
            Trainer.Saved s = Trainer.exportCheckpoint(resume, export, dt);
            System.err.printf(Locale.ROOT, "exported step %d (%d tokens seen) to %s%n", s.step(), s.tokensSeen(), export);
            return ExitCode.OK;
        }
        Bar bar = new Bar(noProgress);
        Trainer t;
        if (resume != null) {
            t = Trainer.resume(resume, steps == null ? 0 : steps, threads == null ? 0 : threads, bar);
        } else {
            if (data == null || data.isEmpty()) {
                System.err.println("lmzip train: no corpus given");
                return ExitCode.USAGE;
            }
            TrainOptions o = new TrainOptions();
            o.data = data.stream().map(p -> p.toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
            o.vocabSize = vocab;
            o.hidden = hidden;
            o.layers = layers;
            o.heads = heads;
            o.intermediate = intermediate;
            o.context = context;
            o.batch = batch;
            o.steps = steps == null ? 2000 : steps;
            o.maxEpochs = epochs;
            o.lr = lr;
            o.minLr = minLr;
            o.warmup = warmup;
            o.weightDecay = weightDecay;
            o.clip = clip;
            o.seed = seed;
            o.threads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            o.valFraction = valFraction;
            o.valEvery = valEvery;
            o.valWindows = valWindows;
            o.checkpointMinutes = checkpointMinutes;
            o.logEvery = logEvery;
            t = Trainer.start(out, o, tokenizer, bar);
        }
        try (t; bar) {
            t.run();
            bar.close();
            if (export != null) {
                t.export(export, dt);
                System.err.println("exported a Hugging Face checkpoint to " + export);
            }
        }
        return ExitCode.OK;
    }

    /** A progress bar (steps, loss, tokens/s, ETA) when stderr is a terminal, plain lines otherwise. */
    private static final class Bar implements Trainer.Listener, AutoCloseable {
        private final boolean plain;
        private final Trainer.Listener lines = Trainer.printing(System.err);
        private ProgressBar bar;

        Bar(boolean noProgress) {
            this.plain = noProgress || System.console() == null || !System.console().isTerminal();
        }

        @Override
        public void step(Trainer.Progress p) {
            if (plain) {
                lines.step(p);
                return;
            }
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(p.steps()).setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .startsFrom(p.step() - 1, java.time.Duration.ZERO).build();
            }
            bar.stepTo(p.step());
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.3f %.0f tok/s", p.loss(), p.tokensPerSecond()));
        }

        @Override
        public void message(String line) {
            if (bar != null) {
                System.err.println();
            }
            System.err.println(line);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
