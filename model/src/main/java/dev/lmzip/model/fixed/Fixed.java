package dev.lmzip.model.fixed;

/**
 * Integer helpers of the fixed-point engine. Every function is exact or rounds by a stated rule,
 * so the CPU kernels and the GPU kernels can reproduce them bit for bit.
 */
public final class Fixed {
    /** Fractional bits of activations and of the residual stream (Q12: 1.0 == 4096). */
    public static final int ACT_FRAC = 12;
    public static final int ONE = 1 << ACT_FRAC;
    /** Largest magnitude of a quantized int8 value (symmetric range, so products fit in 15 bits). */
    public static final int Q8_MAX = 127;

    private Fixed() {
    }

    /** round(n / d) with halves rounded away from zero; d > 0. */
    public static long roundDiv(long n, long d) {
        return n >= 0 ? (n + (d >> 1)) / d : -((-n + (d >> 1)) / d);
    }

    /** floor(a * b / 2^s) computed exactly on 128 bits; 0 <= s <= 126. The result must fit a long. */
    public static long mulShr(long a, long b, int s) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if (s == 0) {
            return lo;
        }
        if (s < 64) {
            return (hi << (64 - s)) | (lo >>> s);
        }
        return hi >> (s - 64);
    }

    /** round(a * b / 2^s), halves rounded up (towards +infinity); 1 <= s <= 126. */
    public static long mulShrRound(long a, long b, int s) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        // add 2^(s-1) to the 128-bit product
        long add = s - 1 < 64 ? 1L << (s - 1) : 0;
        long addHi = s - 1 < 64 ? 0 : 1L << (s - 1 - 64);
        long nlo = lo + add;
        long carry = Long.compareUnsigned(nlo, lo) < 0 ? 1 : 0;
        long nhi = hi + addHi + carry;
        if (s < 64) {
            return (nhi << (64 - s)) | (nlo >>> s);
        }
        return nhi >> (s - 64);
    }

    /** floor(sqrt(Long.MAX_VALUE)). */
    private static final long MAX_ROOT = 3_037_000_499L;

    /**
     * floor(sqrt(x)) for x >= 0, exact: the correctly rounded double root is within one of it (x may
     * round on conversion), and the integer checks settle it.
     */
    public static long isqrt(long x) {
        if (x < 0) {
            throw new ArithmeticException("isqrt of negative " + x);
        }
        long r = (long) Math.sqrt((double) x); // at most floor(sqrt(2^63)) = MAX_ROOT: r * r cannot overflow
        while (r * r > x) {
            r--;
        }
        while (r < MAX_ROOT && (r + 1) * (r + 1) <= x) {
            r++;
        }
        return r;
    }

    /** Clamps to the int range. */
    public static int saturate(long v) {
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : v < Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) v;
    }

    /** Clamps to [-lim, lim]. */
    public static int clamp(long v, int lim) {
        return (int) (v > lim ? lim : v < -lim ? -lim : v);
    }
}
