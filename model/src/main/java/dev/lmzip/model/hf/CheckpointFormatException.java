package dev.lmzip.model.hf;

import java.io.IOException;

/** A checkpoint file or directory is malformed, inconsistent or unsupported; the message names the problem and the file. */
public class CheckpointFormatException extends IOException {
    public CheckpointFormatException(String message) {
        super(message);
    }

    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
