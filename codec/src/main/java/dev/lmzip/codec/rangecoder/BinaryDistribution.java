package dev.lmzip.codec.rangecoder;

/** A two-symbol table {@code {total - p1, p1}}, reused for every bit to avoid allocation. */
public final class BinaryDistribution implements Distribution {
    private final int total;
    private int p1;

    /** @param precisionBits the total is {@code 2^precisionBits} */
    public BinaryDistribution(int precisionBits) {
        if (precisionBits < 1 || precisionBits > RangeCoder.MAX_PRECISION_BITS) {
            throw new IllegalArgumentException("precision " + precisionBits);
        }
        this.total = 1 << precisionBits;
        this.p1 = total >>> 1;
    }

    /** Sets the frequency of symbol 1; must lie in {@code [1, total - 1]}. */
    public BinaryDistribution setP1(int p1) {
        if (p1 < 1 || p1 >= total) {
            throw new IllegalArgumentException("p1 " + p1 + " outside [1, " + (total - 1) + "]");
        }
        this.p1 = p1;
        return this;
    }

    public int p1() {
        return p1;
    }

    @Override
    public int size() {
        return 2;
    }

    @Override
    public int total() {
        return total;
    }

    @Override
    public int freq(int s) {
        return s == 0 ? total - p1 : p1;
    }

    @Override
    public int cumFreq(int s) {
        return s == 0 ? 0 : total - p1;
    }

    @Override
    public int symbolAt(int target) {
        return target < total - p1 ? 0 : 1;
    }
}
