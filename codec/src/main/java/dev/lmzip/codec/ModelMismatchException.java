package dev.lmzip.codec;

import java.util.HexFormat;

/** The file was coded with another predictor or model than the one available to decode it. */
public final class ModelMismatchException extends LmzException {
    private final String fileId;
    private final byte[] fileFingerprint;
    private final byte[] availableFingerprint;

    public ModelMismatchException(String fileId, byte[] fileFingerprint, String availableId, byte[] availableFingerprint) {
        super("model mismatch: file needs " + fileId + " " + hex(fileFingerprint)
                + ", available is " + availableId + " " + hex(availableFingerprint));
        this.fileId = fileId;
        this.fileFingerprint = fileFingerprint.clone();
        this.availableFingerprint = availableFingerprint == null ? null : availableFingerprint.clone();
    }

    /** For a predictor id that nothing available provides. */
    public ModelMismatchException(String message) {
        super(message);
        this.fileId = null;
        this.fileFingerprint = null;
        this.availableFingerprint = null;
    }

    public String fileId() {
        return fileId;
    }

    public byte[] fileFingerprint() {
        return fileFingerprint == null ? null : fileFingerprint.clone();
    }

    public byte[] availableFingerprint() {
        return availableFingerprint == null ? null : availableFingerprint.clone();
    }

    private static String hex(byte[] b) {
        return b == null ? "(none)" : HexFormat.of().formatHex(b);
    }
}
