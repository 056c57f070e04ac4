package dev.lmzip.codec;

import java.io.IOException;

/** Root of every error lmzip reports about its own formats; each subclass maps to one exit code. */
public class LmzException extends IOException {
    public LmzException(String message) {
        super(message);
    }

    public LmzException(String message, Throwable cause) {
        super(message, cause);
    }
}
