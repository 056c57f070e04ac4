package dev.lmzip.model.fixed;

/**
 * Lookup tables of the non-linear functions, built once from {@link StrictMath} (bit-identical on
 * every JVM) and plain IEEE double arithmetic, then used as integers only. The GPU backend uploads
 * these same tables instead of computing its own.
 */
public final class Tables {
    /** exp2 table: EXP2[i] = round(2^30 * 2^(-i / 4096)), i in [0, 4096]. */
    static final int EXP2_FRAC = 12;
    static final int[] EXP2 = new int[(1 << EXP2_FRAC) + 1];
    /** log2(e) in Q24. */
    static final long LOG2E_Q24 = StrictMath.round(1.4426950408889634 * (1 << 24));

    /** Activation tables cover x in [-ACT_RANGE, ACT_RANGE) in Q12. */
    static final int ACT_RANGE = 16;
    private static final int ACT_OFFSET = ACT_RANGE << Fixed.ACT_FRAC;
    static final int[] SILU = new int[2 * ACT_OFFSET];
    static final int[] GELU = new int[2 * ACT_OFFSET];

    static {
        for (int i = 0; i < EXP2.length; i++) {
            EXP2[i] = (int) StrictMath.round(StrictMath.pow(2.0, 30.0 - (double) i / (1 << EXP2_FRAC)));
        }
        for (int i = 0; i < SILU.length; i++) {
            double x = (double) (i - ACT_OFFSET) / Fixed.ONE;
            SILU[i] = (int) StrictMath.round(x / (1.0 + StrictMath.exp(-x)) * Fixed.ONE);
            GELU[i] = (int) StrictMath.round(0.5 * x * (1.0 + erf(x / StrictMath.sqrt(2.0))) * Fixed.ONE);
        }
    }

    private Tables() {
    }

    /** A copy of the exp2 table (for the GPU engine, which uploads the tables instead of computing them). */
    public static int[] exp2Table() {
        return EXP2.clone();
    }

    /** A copy of the SiLU table over [-16, 16) in Q12. */
    public static int[] siluTable() {
        return SILU.clone();
    }

    /** A copy of the GELU table over [-16, 16) in Q12. */
    public static int[] geluTable() {
        return GELU.clone();
    }

    /** log2(e) in Q24, the constant of {@link #expQ30}. */
    public static long log2eQ24() {
        return LOG2E_Q24;
    }

    /** e^(x / 4096) for x <= 0 in Q12, as a Q30 integer (0 when it underflows). */
    public static int expQ30(long x) {
        if (x > 0) {
            throw new IllegalArgumentException("exp argument must be <= 0: " + x);
        }
        long u = (-x * LOG2E_Q24) >> 24; // log2 units, Q12
        long n = u >> EXP2_FRAC;
        if (n >= 31) {
            return 0;
        }
        return EXP2[(int) (u & ((1 << EXP2_FRAC) - 1))] >> n;
    }

    /** SiLU of a Q12 value, in Q12. */
    public static int silu(int x) {
        if (x >= ACT_OFFSET) {
            return x;
        }
        if (x < -ACT_OFFSET) {
            return 0;
        }
        return SILU[x + ACT_OFFSET];
    }

    /** Exact (erf) GELU of a Q12 value, in Q12. */
    public static int gelu(int x) {
        if (x >= ACT_OFFSET) {
            return x;
        }
        if (x < -ACT_OFFSET) {
            return 0;
        }
        return GELU[x + ACT_OFFSET];
    }

    /**
     * erf by its Maclaurin series for |x| < 3 and the asymptotic continued fraction beyond; only
     * +, -, *, / and StrictMath.exp, so it is reproducible. Accurate to ~1e-15 on the table range.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 3.0) {
            double term = ax;
            double sum = ax;
            double x2 = ax * ax;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            r = 2.0 / StrictMath.sqrt(Math.PI) * sum;
        } else {
            // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
            double f = ax;
            for (int n = 60; n >= 1; n--) {
                f = ax + (n / 2.0) / f;
            }
            r = 1.0 - StrictMath.exp(-ax * ax) / StrictMath.sqrt(Math.PI) / f;
        }
        return x < 0 ? -r : r;
    }

    /** Rotary tables: cos/sin of pos * theta^(-2i/rotaryDims) in Q14, [pos][i] flattened. */
    public record Rotary(int positions, int half, int[] cos, int[] sin) {
        public static final int FRAC = 14;

        public static Rotary of(int positions, int rotaryDims, double theta) {
            int half = rotaryDims / 2;
            int[] c = new int[positions * half];
            int[] s = new int[positions * half];
            for (int i = 0; i < half; i++) {
                double invFreq = StrictMath.pow(theta, -2.0 * i / rotaryDims);
                for (int p = 0; p < positions; p++) {
                    double a = p * invFreq;
                    c[p * half + i] = (int) StrictMath.round(StrictMath.cos(a) * (1 << FRAC));
                    s[p * half + i] = (int) StrictMath.round(StrictMath.sin(a) * (1 << FRAC));
                }
            }
            return new Rotary(positions, half, c, s);
        }
    }
}
