package dev.lmzip.tokenizer;

import java.io.IOException;

/** A tokenizer file could not be read: malformed JSON, missing or inconsistent fields. */
public class TokenizerFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public TokenizerFormatException(String message) {
        super(message);
    }

    public TokenizerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
