package dev.lmzip.codec;

/** The input does not start with the .lmz magic bytes. */
public final class NotLmzFormatException extends LmzException {
    public NotLmzFormatException(String message) {
        super(message);
    }
}
