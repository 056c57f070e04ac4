package dev.lmzip.codec;

/** A checksum failed or a field holds a value the format does not allow. */
public class CorruptedInputException extends LmzException {
    public CorruptedInputException(String message) {
        super(message);
    }
}
