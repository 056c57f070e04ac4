package dev.lmzip.model.fixed;

/**
 * Everything about a model's architecture that the fixed-point forward pass needs. Both supported
 * families map onto it: StableLM (SwiGLU, sequential or parallel residual) and GPT-NeoX (GELU,
 * parallel residual with two norms).
 */
public record ModelShape(
        Architecture architecture,
        int vocab,
        int hidden,
        int layers,
        int heads,
        int kvHeads,
        int intermediate,
        int rotaryDims,
        double ropeTheta,
        long epsQ40,
        boolean parallelResidual,
        boolean qkvBias,
        boolean qkLayerNorm,
        int maxPositions) {

    public enum Architecture {
        /** StableLmForCausalLM: SwiGLU MLP; parallel residual feeds the MLP from the first norm. */
        STABLELM,
        /** GPTNeoXForCausalLM: GELU MLP with biases; parallel residual with its own second norm. */
        GPT_NEOX
    }

    public ModelShape {
        if (hidden % heads != 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("hidden " + hidden + " / heads " + heads + " / kv heads " + kvHeads);
        }
        if (rotaryDims % 2 != 0 || rotaryDims > hidden / heads) {
            throw new IllegalArgumentException("rotary dims " + rotaryDims);
        }
    }

    public int headDim() {
        return hidden / heads;
    }

    public int kvDim() {
        return kvHeads * headDim();
    }

    public boolean swiglu() {
        return architecture == Architecture.STABLELM;
    }

    /** Weights of all matrices, the number the engine reads per token. */
    public long matrixParameters() {
        long attn = (long) hidden * hidden * 2 + 2L * hidden * kvDim();
        long mlp = (long) hidden * intermediate * (swiglu() ? 3 : 2);
        return layers * (attn + mlp) + (long) vocab * hidden;
    }

    /** A shape with random weights for tests and benchmarks: StableLM layout, rotary 25%. */
    public static ModelShape stablelm(int vocab, int hidden, int layers, int heads, int intermediate, int maxPositions) {
        int hd = hidden / heads;
        return new ModelShape(Architecture.STABLELM, vocab, hidden, layers, heads, heads, intermediate,
                (hd / 4) & ~1, 10000, epsQ40(1e-5), false, false, false, maxPositions);
    }

    public static long epsQ40(double eps) {
        return Math.max(1, Math.round(eps * (1L << 40)));
    }
}
