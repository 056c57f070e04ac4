package dev.lmzip.model.hf;

/** A tensor the architecture needs is absent; {@link #tensorName()} and {@link #where()} say which and where it was looked for. */
public final class MissingTensorException extends CheckpointFormatException {
    private final String tensorName;
    private final String where;

    public MissingTensorException(String tensorName, String where) {
        super("tensor '" + tensorName + "' not found in " + where);
        this.tensorName = tensorName;
        this.where = where;
    }

    public String tensorName() {
        return tensorName;
    }

    public String where() {
        return where;
    }
}
