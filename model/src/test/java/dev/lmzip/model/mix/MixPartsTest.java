package dev.lmzip.model.mix;

import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.PanelLinear;
import dev.lmzip.model.fixed.QLinear;
import dev.lmzip.model.fixed.QuantizedModel;
import dev.lmzip.model.fixed.ScalarKernels;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counters, mixer and APM of the mixing predictor, state by state. */
class MixPartsTest {
    @Test
    void counterFollowsTheRunningAverageThenTheLimit() {
        int s = Counter.INITIAL;
        assertEquals(2048, Counter.p12(s));
        assertEquals(0, Counter.count(s));
        int[] expected = {(int) 3579116545L, (int) 3865451522L, (int) 2761069571L, (int) 3101922308L};
        int[] p12 = {3413, 3686, 2633, 2958};
        int[] bits = {1, 1, 0, 1};
        for (int i = 0; i < bits.length; i++) {
            s = Counter.update(s, bits[i], 255);
            assertEquals(expected[i], s, "state after bit " + i);
            assertEquals(p12[i], Counter.p12(s));
            assertEquals(i + 1, Counter.count(s));
        }
        s = Counter.INITIAL;
        for (int i = 0; i < 3; i++) {
            s = Counter.update(s, 1, 2);
        }
        assertEquals((int) 3988165634L, s);
        assertEquals(2, Counter.count(s), "the count stops at the limit");
        assertEquals(3803, Counter.p12(s));
    }

    @Test
    void mixerMixesInTheStretchedDomainAndLearnsTheChosenSetOnly() {
        Mixer m = new Mixer(3, 2, new int[] {65536, 16384, 0}, 3, 13);
        int[] x = {256, -512, 256};
        assertEquals(128, m.mix(x, 1));
        assertEquals(2550, m.p());
        m.update(x, 1);
        assertEquals(65680, m.weight(1, 0));
        assertEquals(16094, m.weight(1, 1));
        assertEquals(144, m.weight(1, 2));
        assertEquals(65536, m.weight(0, 0), "set 0 untouched");
        assertEquals(131, m.mix(x, 1));
        assertEquals(2560, m.p());
        m.reset();
        assertEquals(65536, m.weight(1, 0));
        assertEquals(2047, m.mix(new int[] {2047, 2047, 2047}, 0), "the output saturates at ±2047");
    }

    @Test
    void aDecayingMixerLearnsFastWhileASetIsYoung() {
        Mixer m = new Mixer(3, 2, new int[] {65536, 16384, 0}, 2, 13, 32, 150);
        int[] x = {256, -512, 256};
        assertEquals(128, m.mix(x, 1));
        assertEquals(2550, m.p());
        m.update(x, 1);
        // first update of set 1 at rate 32: err = (4096 - 2550) * 32 = 49,472; w += x * err >> 13
        assertEquals(65536 + 1546, m.weight(1, 0));
        assertEquals(16384 - 3092, m.weight(1, 1));
        assertEquals(1546, m.weight(1, 2));
        for (int i = 0; i < 5000; i++) { // set 1 grows old
            m.mix(x, 1);
            m.update(x, i & 1);
        }
        int p = m.p();
        int before = m.weight(1, 0);
        m.mix(x, 1);
        p = m.p();
        m.update(x, 1);
        int r16 = 32 + (30 << 4) * 150 / (150 + 5001); // rate 2.8 after 5,001 updates
        assertEquals(before + ((256 * ((((1 << 12) - p) * r16) >> 4)) >> 13), m.weight(1, 0));
        m.mix(x, 0);
        m.update(x, 1);
        assertEquals(65536 + 1546, m.weight(0, 0), "set 0 is young: its first update is at rate 32 too");
        m.reset();
        m.mix(x, 1);
        m.update(x, 1);
        assertEquals(65536 + 1546, m.weight(1, 0), "reset makes every set young again");
    }

    @Test
    void contextRunsPredictTheLastFollowerUntilTheBitsLeaveIt() {
        ContextRuns runs = new ContextRuns(4, 2);
        runs.reset(4);
        int[] hashes = {11, 22};
        int[] which = {0, 1};
        runs.lookUp(hashes, which);
        assertEquals(0, runs.input(0, 0), "an empty context says nothing");
        runs.update(1, 1023);
        runs.remember(5); // token 0101 followed both contexts
        runs.lookUp(hashes, which);
        assertEquals(0, runs.input(0, 0), "a fresh counter: p = 1/2");
        runs.update(0, 1023); // bit 0 of token 5 is 0, as predicted
        assertTrue(runs.input(0, 0) < 0, "the counter of (context 0, run 1, depth 0, bit 0) learnt a 0");
        assertEquals(runs.input(1, 0), 0, "context 1 has its own counters");
        runs.follow(0b11, 1); // the token's first bit was 1: it left 0101
        assertEquals(0, runs.input(0, 1));
        assertEquals(0, runs.input(1, 1));
        runs.update(1, 1023); // nothing to learn: the counters keep their state
        runs.lookUp(hashes, which);
        runs.follow(0b10, 1); // first bit 0: still on 0101
        runs.update(0, 1023);
        assertEquals(0, runs.input(0, 1), "depth 1 has its own counter, fresh");
        runs.remember(5);
        runs.remember(5); // the same entries again: run 3
        runs.lookUp(hashes, which);
        assertEquals(0, runs.input(0, 0), "run 3 has its own counters");
        runs.remember(7); // another follower restarts the run at 1
        runs.lookUp(hashes, which);
        assertTrue(runs.input(0, 0) < 0, "run 1 again: the counter that learnt a 0 for token 5's first bit");
        for (int i = 0; i < 300; i++) {
            runs.remember(7);
        }
        runs.reset(4);
        runs.lookUp(hashes, which);
        assertEquals(0, runs.input(0, 0), "reset forgets every follower");
    }

    @Test
    void apmInterpolatesKnotsAndMovesBoth() {
        Apm a = new Apm(2, 13);
        assertEquals(3116, a.refine(300, 1));
        a.update(1);
        assertEquals(48084, a.knot(1, 18));
        assertEquals(53648, a.knot(1, 19));
        assertEquals(47904, a.knot(0, 18), "other contexts untouched");
        a.reset();
        assertEquals(47904, a.knot(1, 18));
    }

    @Test
    void checkedLinesFindTheirContextAndEvictTheLessVisited() {
        int[] t = new int[64];
        java.util.Arrays.fill(t, Counter.INITIAL);
        for (int k = 0; k < t.length; k += 16) {
            t[k] = 0; // no context, as after a reset
        }
        int a = 0x10001;
        int b = 0x10002;
        int c = 0x10003;
        assertEquals(32, TokenModel.checkedLine(t, 32, a), "an empty line is claimed where the hash points");
        assertEquals(a, t[32]);
        t[33] = Counter.update(Counter.update(t[33], 1, 255), 1, 255); // a's first node seen twice
        assertEquals(48, TokenModel.checkedLine(t, 32, b), "the empty neighbour beats a visited line");
        assertEquals(32, TokenModel.checkedLine(t, 48, a), "found in the neighbour");
        assertEquals(2, Counter.count(t[33]), "finding a line keeps its counters");
        t[49] = Counter.update(t[49], 0, 255); // b seen once
        assertEquals(48, TokenModel.checkedLine(t, 32, c), "a full pair evicts the line seen fewer times");
        assertEquals(c, t[48]);
        for (int i = 49; i < 64; i++) {
            assertEquals(Counter.INITIAL, t[i], "the claimed line starts fresh");
        }
        assertEquals(a, t[32]);
        assertEquals(2, Counter.count(t[33]));
    }

    @Test
    void stretchIsOddAndMonotone() {
        assertEquals(0, Stretch.of16(32768));
        assertEquals(-2047, Stretch.of16(0));
        assertEquals(2047, Stretch.of16(65535));
        for (int p = 1; p < 65535; p++) {
            assertTrue(Stretch.of16(p) <= Stretch.of16(p + 1));
            assertEquals(-Stretch.of16(p), Stretch.of16(65536 - p));
        }
    }

    /** A 3 x 2 head: rows [64, -127], [127, 0], [10, 20], each unit 2^30 / 2^37 = 1/128. */
    private static PanelLinear smallHead() {
        byte[] q = {64, -127, 127, 0, 10, 20};
        return PanelLinear.of(new QLinear(3, 2, MemorySegment.ofArray(q), new int[] {1 << 30, 1 << 30, 1 << 30},
                new byte[] {37, 37, 37}, null));
    }

    private static byte[] row(PanelLinear head, int v) {
        byte[] row = new byte[head.cols()];
        for (int c = 0; c < row.length; c++) {
            row[c] = head.weight(v, c);
        }
        return row;
    }

    @Test
    void adaptiveHeadStepsTheCodedAndTheLikelyRowsExactly() {
        AdaptiveHead a = new AdaptiveHead(smallHead());
        // weights 2^30, 2^29, 2^20 (total 1,611,661,312): rows 0 and 1 have p >= 2^-10, row 2 not
        a.learn(new int[] {1 << 30, 1 << 29, 1 << 20}, new int[] {4096, -8192}, 1);
        assertEquals(2, a.rowsLearnt());
        // row 0: g = floor(2^46 / total) = 43,662; master 64 * 2^17 - round(g * 4096 / 2^15) = 8,388,608 - 5,458
        assertArrayEquals(new int[] {8_383_150, -16_635_229}, a.master(0));
        // row 1, the coded token: g = floor(2^45 / total) - 65,536 = -43,705
        assertArrayEquals(new int[] {16_651_607, -10_926}, a.master(1));
        assertNull(a.master(2), "an unlikely row does not learn");
        // a second step adds to the master: -round(-43,705 * 4096 / 2^15) = +5,463
        a.learn(new int[] {1 << 30, 1 << 29, 1 << 20}, new int[] {4096, 0}, 1);
        assertEquals(16_651_607 + 5_463, a.master(1)[0]);
        assertEquals(-10_926, a.master(1)[1]);
        PanelLinear h = a.head();
        a.reset();
        a.learn(new int[] {1 << 30, 1 << 29, 1 << 20}, new int[] {4096, -8192}, 1);
        // requantized: (m * floor(127 * 2^32 / max|m|) + 2^31) >> 32; mult = round(max|m| * 2^13 / 127), shift 13 + 24
        assertArrayEquals(new byte[] {64, -127}, row(h, 0));
        assertEquals(1_073_037_764, h.mult()[0]);
        assertEquals(37, h.shift()[0]);
        assertArrayEquals(new byte[] {127, 0}, row(h, 1));
        assertEquals(1_074_094_209, h.mult()[1]);
        assertArrayEquals(new byte[] {10, 20}, row(h, 2));
        assertEquals(1 << 30, h.mult()[2]);
        a.reset();
        assertEquals(0, a.rowsLearnt());
        assertNull(a.master(0));
        assertEquals(1 << 30, h.mult()[0]);
        assertEquals(1 << 30, h.mult()[1]);
        assertEquals(37, h.shift()[1]);
    }

    @Test
    void adaptiveHeadRaisesTheCodedTokenAndResetsToTheModel() {
        ModelShape s = ModelShape.stablelm(200, 64, 1, 4, 96, 32);
        QuantizedModel m = QuantizedModel.random(s, 5);
        try (Engine e = new Engine(m, new ScalarKernels(), 1)) {
            AdaptiveHead a = new AdaptiveHead(e.lmHead());
            int[] hidden = new int[s.hidden()];
            java.util.SplittableRandom r = new java.util.SplittableRandom(6);
            for (int c = 0; c < hidden.length; c++) {
                hidden[c] = r.nextInt(-8192, 8193);
            }
            int[] base = new int[s.vocab()];
            e.headWeights(e.lmHead(), hidden, base);
            int[] w = new int[s.vocab()];
            e.headWeights(a.head(), hidden, w);
            assertArrayEquals(base, w, "before learning the head is the model's");
            int token = 17;
            double last = share(w, token);
            for (int step = 0; step < 20; step++) {
                a.learn(w, hidden, token);
                e.headWeights(a.head(), hidden, w);
                double p = share(w, token);
                assertTrue(p > last, "step " + step + ": p(token) " + p + " after " + last);
                last = p;
            }
            a.reset();
            e.headWeights(a.head(), hidden, w);
            assertArrayEquals(base, w, "after a reset the head is the model's again");
        }
    }

    private static double share(int[] w, int token) {
        long total = 0;
        for (int x : w) {
            total += x;
        }
        return (double) w[token] / total;
    }
}
