package dev.lmzip.codec.io;

import dev.lmzip.codec.predict.Predictor;

import java.io.IOException;

/**
 * Opens predictors by name for programs that take the model as a string (the Hadoop codec's
 * {@code lmzip.model}), found with {@link java.util.ServiceLoader}: a jar that provides a model
 * family registers one in {@code META-INF/services/dev.lmzip.codec.io.PredictorProvider}. The
 * built-in byte model ({@code bytes}) needs none.
 */
public interface PredictorProvider {
    /**
     * A predictor for {@code model} (a name or a model file path), or null when this provider does
     * not know it.
     */
    Predictor open(String model, int threads) throws IOException;

    /**
     * A predictor for decoding a file whose header records {@code params} (context length, slide,
     * …): it must follow them. The default ignores them, for predictors without parameters.
     */
    default Predictor openForDecoding(String model, int threads, byte[] params) throws IOException {
        return open(model, threads);
    }
}
