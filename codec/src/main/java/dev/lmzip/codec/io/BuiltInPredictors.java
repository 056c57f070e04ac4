package dev.lmzip.codec.io;

import dev.lmzip.codec.ModelMismatchException;
import dev.lmzip.codec.bytemodel.ByteContextModel;
import dev.lmzip.codec.bytemodel.ByteModel2;
import dev.lmzip.codec.media.MediaPredictor;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorResolver;

import java.util.Set;

/**
 * The predictors every lmzip has, needing no model file: the byte models {@code bytes} and
 * {@code bytes2}, and the media model {@code media} (whose layout a file's params give).
 */
public final class BuiltInPredictors {
    private static final Set<String> IDS = Set.of(ByteContextModel.ID, ByteModel2.ID, MediaPredictor.ID);

    private BuiltInPredictors() {
    }

    /** True for the id of a built-in predictor. */
    public static boolean isBuiltIn(String id) {
        return IDS.contains(id);
    }

    /** The byte model a name ({@code bytes}, {@code bytes2}) selects for compressing, or null for other names. */
    public static Predictor byteModel(String name) {
        return switch (name) {
            case ByteContextModel.ID -> new ByteContextModel();
            case ByteModel2.ID -> new ByteModel2();
            default -> null;
        };
    }

    /** Resolves the built-in predictors; refuses any other id. */
    public static PredictorResolver resolver() {
        return (id, fingerprint, params) -> {
            if (MediaPredictor.ID.equals(id)) {
                return MediaPredictor.fromParams(params);
            }
            Predictor p = byteModel(id);
            if (p == null) {
                throw new ModelMismatchException("file needs predictor '" + id + "', which is not available here");
            }
            return p;
        };
    }
}
