package dev.lmzip.codec.predict;

import java.io.IOException;

/** Finds the predictor a file names; throws {@link dev.lmzip.codec.ModelMismatchException} when it has none that fits. */
@FunctionalInterface
public interface PredictorResolver {
    Predictor resolve(String id, byte[] fingerprint, byte[] params) throws IOException;
}
