package dev.lmzip.model.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp built from IEEE additions and multiplications only, so that its results are identical in the interpreter,
 * C1, C2 and the vector and scalar paths ({@code Math.exp} and the Vector API's {@code EXP} may use different
 * implementations depending on JIT state, which would break determinism). Relative error below 2e-7 on
 * [-87, 88]; inputs outside are clamped.
 */
final class FastMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.428606765330187045e-06f;
    private static final float MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final float P2 = 1f / 2, P3 = 1f / 6, P4 = 1f / 24, P5 = 1f / 120, P6 = 1f / 720, P7 = 1f / 5040;

    private FastMath() {
    }

    static float exp(float x) {
        x = Math.min(88f, Math.max(-87f, x));
        float t = Math.fma(x, LOG2E, MAGIC);
        float k = t - MAGIC;
        int ki = Float.floatToRawIntBits(t) - Float.floatToRawIntBits(MAGIC);
        float r = Math.fma(-k, LN2_HI, x);
        r = Math.fma(-k, LN2_LO, r);
        float p = Math.fma(P7, r, P6);
        p = Math.fma(p, r, P5);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat((ki + 127) << 23);
    }

    static FloatVector exp(FloatVector x) {
        x = x.max(-87f).min(88f);
        FloatVector t = x.fma(LOG2E, MAGIC);
        FloatVector k = t.sub(MAGIC);
        IntVector ki = t.reinterpretAsInts().sub(Float.floatToRawIntBits(MAGIC));
        FloatVector r = k.neg().fma(FloatVector.broadcast(S, LN2_HI), x);
        r = k.neg().fma(FloatVector.broadcast(S, LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(S, P7), FloatVector.broadcast(S, P6));
        p = p.fma(r, FloatVector.broadcast(S, P5));
        p = p.fma(r, FloatVector.broadcast(S, P4));
        p = p.fma(r, FloatVector.broadcast(S, P3));
        p = p.fma(r, FloatVector.broadcast(S, P2));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        FloatVector scale = ki.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }
}
