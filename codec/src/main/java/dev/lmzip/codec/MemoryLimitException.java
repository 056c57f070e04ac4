package dev.lmzip.codec;

/** Decoding or encoding would need more memory than allowed. */
public final class MemoryLimitException extends LmzException {
    public MemoryLimitException(String message) {
        super(message);
    }
}
