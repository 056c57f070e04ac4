package dev.lmzip.model.predict;

import dev.lmzip.codec.io.PredictorProvider;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.model.file.ModelFile;
import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.Int8Kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens {@code .lmzm} model files by path for programs that name their model as a string (the
 * Hadoop codec's {@code lmzip.model}), through {@link java.util.ServiceLoader}. The language model
 * runs on the CPU engine with the CLI's defaults (context {@value #CONTEXT}, {@value #LANES} lanes),
 * so files it writes decode with the CLI and the other way round.
 */
public final class ModelFileProvider implements PredictorProvider {
    static final int CONTEXT = 1024;
    static final int LANES = 8;

    @Override
    public Predictor open(String model, int threads) throws IOException {
        return open(model, threads, CONTEXT, Slide.DEFAULT);
    }

    @Override
    public Predictor openForDecoding(String model, int threads, byte[] params) throws IOException {
        int context = CONTEXT;
        String c = LmPredictor.param(params, "context");
        if (c != null) {
            try {
                context = Integer.parseInt(c);
            } catch (NumberFormatException e) {
                throw new dev.lmzip.codec.ModelMismatchException("the file's context parameter is invalid: context=" + c);
            }
        }
        Slide slide;
        try {
            slide = Slide.fromParams(params);
        } catch (IllegalArgumentException e) {
            throw new dev.lmzip.codec.ModelMismatchException(e.getMessage());
        }
        return open(model, threads, Math.max(2, context), slide);
    }

    private static Predictor open(String model, int threads, int context, Slide slide) throws IOException {
        Path p = Path.of(model);
        if (!model.endsWith(".lmzm") || !Files.isRegularFile(p)) {
            return null;
        }
        ModelFile m = ModelFile.open(p);
        Engine engine = new Engine(m.model(), Int8Kernels.select(), threads);
        return new LmPredictor(engine, m.tokenizer(), m.fingerprint(), Math.min(context, m.model().shape().maxPositions()),
                LANES, slide);
    }
}
