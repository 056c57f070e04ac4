package dev.lmzip.codec;

/** The file was written by a newer (or unknown) version of the format. */
public final class UnsupportedVersionException extends LmzException {
    public UnsupportedVersionException(String message) {
        super(message);
    }
}
