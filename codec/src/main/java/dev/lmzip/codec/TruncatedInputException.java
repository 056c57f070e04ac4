package dev.lmzip.codec;

/** The input ended before the end frame. */
public final class TruncatedInputException extends CorruptedInputException {
    public TruncatedInputException(String message) {
        super(message);
    }
}
