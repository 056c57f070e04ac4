package dev.lmzip.model.file;

import dev.lmzip.codec.LmzException;

/** A model file that is not one, is damaged, or is of an unsupported version. */
public final class ModelFileException extends LmzException {
    public ModelFileException(String message) {
        super(message);
    }
}
