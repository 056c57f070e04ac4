package dev.lmzip.codec.container;

/** The first byte of every frame (docs/format.md, FrameHeader). */
public enum Method {
    END(0), STORED(1), CODED(2);

    public final int code;

    Method(int code) {
        this.code = code;
    }
}
