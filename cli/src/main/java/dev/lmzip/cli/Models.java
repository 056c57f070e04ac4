package dev.lmzip.cli;

import dev.lmzip.codec.ModelMismatchException;
import dev.lmzip.codec.bytemodel.ByteContextModel;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorResolver;

import java.io.IOException;
import java.util.Arrays;

/** Turns the {@code -m/--model} option into predictors for compressing and decompressing. */
final class Models {
    /** The model used when no {@code -m} is given. */
    static final String DEFAULT = ByteContextModel.ID;

    private Models() {
    }

    static Predictor forCompression(String model) throws IOException {
        String name = model == null ? DEFAULT : model;
        if (name.equals(ByteContextModel.ID)) {
            return new ByteContextModel();
        }
        throw new ModelMismatchException("unknown model '" + name + "' (available: " + ByteContextModel.ID + ")");
    }

    /** Resolves the predictor a file names; with {@code -m}, that model must be the one the file needs. */
    static PredictorResolver forDecompression(String model) {
        return (id, fingerprint, params) -> {
            Predictor p;
            if (model != null) {
                p = forCompression(model);
            } else if (id.equals(ByteContextModel.ID)) {
                p = new ByteContextModel();
            } else {
                throw new ModelMismatchException("the file needs model '" + id + "' with fingerprint "
                        + java.util.HexFormat.of().formatHex(fingerprint) + "; give it with -m");
            }
            if (!p.id().equals(id) || !Arrays.equals(p.fingerprint(), fingerprint)) {
                throw new ModelMismatchException(id, fingerprint, p.id(), p.fingerprint());
            }
            return p;
        };
    }
}
