package dev.lmzip.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deterministic ratios, not timings: the coder's and the quantizer's costs against their targets. */
class RangeCoderOverheadTest {
    @Test
    void coderOverheadAtPrecision24IsAtMostOneHundredthPercent() {
        RangeCoderOverhead.CoderResult r = RangeCoderOverhead.coderOverhead(24, 1_000_000, 42);
        assertTrue(r.overheadPercent() <= 0.01, "overhead " + r.overheadPercent() + " %");
        // the coder may land a fraction of a byte under Σ −log2(f/total) (trailing zero bytes are dropped)
        assertTrue(r.overheadPercent() > -0.001, "far below the ideal: " + r.overheadPercent());
    }

    @Test
    void coderOverheadAtOtherPrecisions() {
        for (int p : new int[] {16, 30}) {
            RangeCoderOverhead.CoderResult r = RangeCoderOverhead.coderOverhead(p, 300_000, 43);
            assertTrue(r.overheadPercent() <= 0.01, "precision " + p + ": " + r.overheadPercent() + " %");
        }
    }

    @Test
    void quantizerLossAtBestPrecisionIsAtMostOneTenthPercent() {
        for (double t : RangeCoderOverhead.TEMPERATURES) {
            RangeCoderOverhead.QuantizerResult[] rs = RangeCoderOverhead.quantizerLoss(new int[] {24, 28, 30}, t, 12, 7);
            assertTrue(rs[2].lossPercent() <= 0.1, "T=" + t + " P=30: " + rs[2].lossPercent() + " %");
            assertTrue(rs[1].lossPercent() <= 0.1, "T=" + t + " P=28: " + rs[1].lossPercent() + " %");
            assertTrue(rs[0].lossPercent() >= rs[1].lossPercent() && rs[1].lossPercent() >= rs[2].lossPercent(),
                    "loss shrinks with precision");
            assertTrue(rs[2].lossPercent() >= 0, "cross-entropy is never below entropy");
        }
    }
}
