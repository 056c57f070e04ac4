package dev.lmzip.codec.media.rebuild;

/** The file is not one lmzip can code as its decoded form (it is coded as its bytes instead); the message says why. */
public final class NotRebuildableException extends Exception {
    public NotRebuildableException(String reason) {
        super(reason);
    }
}
