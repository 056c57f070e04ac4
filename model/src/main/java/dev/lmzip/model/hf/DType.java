package dev.lmzip.model.hf;

import java.util.Arrays;
import java.util.Optional;

/**
 * Safetensors element types. All of them are recognised (so header validation can check sizes),
 * but only {@link #F32}, {@link #F16} and {@link #BF16} are converted to float by the reader,
 * and only F32, F16 and BF16 are written.
 */
public enum DType {
    F32(4, true), F16(2, true), BF16(2, true),
    F64(8, false), I64(8, false), U64(8, false), I32(4, false), U32(4, false),
    I16(2, false), U16(2, false), I8(1, false), U8(1, false), BOOL(1, false),
    F8_E4M3(1, false), F8_E5M2(1, false);

    private final int byteSize;
    private final boolean floatConvertible;

    DType(int byteSize, boolean floatConvertible) {
        this.byteSize = byteSize;
        this.floatConvertible = floatConvertible;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether {@link SafetensorsFile#floats} can read this type. */
    public boolean isFloatConvertible() {
        return floatConvertible;
    }

    /** The safetensors name ("F32", "BF16" ...), exactly as in the header. */
    public String headerName() {
        return name();
    }

    public static Optional<DType> fromHeaderName(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /** float32 -> bfloat16 bits, round to nearest even (as torch's .to(torch.bfloat16)); NaN stays a quiet NaN. */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }

    /** bfloat16 bits -> float32 (exact: bf16 is the upper half of a float32). */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
