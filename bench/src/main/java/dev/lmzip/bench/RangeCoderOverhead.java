package dev.lmzip.bench;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.rangecoder.FrequencyTable;
import dev.lmzip.codec.rangecoder.RangeDecoder;
import dev.lmzip.codec.rangecoder.RangeEncoder;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Two deterministic measurements (not timings), printed as tables:
 *
 * <ol>
 *   <li><b>Coder overhead</b>: payload bits of the range coder over ≥ 1M symbols drawn from
 *       quantized 50,257-symbol tables, relative to their ideal code length Σ −log2(f/total).
 *   <li><b>Quantizer loss</b>: for seeded peaked float distributions, the expected code length
 *       under the quantized frequencies relative to the entropy of the float distribution.
 * </ol>
 *
 * <p>{@code java -cp ... dev.lmzip.bench.RangeCoderOverhead [symbols]}
 */
public final class RangeCoderOverhead {
    public static final int[] CODER_PRECISIONS = {16, 24, 28, 30};
    public static final int[] QUANTIZER_PRECISIONS = {16, 20, 24, 26, 28, 30};
    public static final double[] TEMPERATURES = {0.7, 1.0, 1.3};
    static final int TABLES = 16;
    static final int DISTRIBUTIONS_PER_TEMPERATURE = 48;

    private RangeCoderOverhead() {
    }

    /** Result of coding {@code symbols} symbols. */
    public record CoderResult(int precisionBits, int symbols, long payloadBytes, double idealBits) {
        /** Percent above the ideal code length. */
        public double overheadPercent() {
            return 100 * (payloadBytes * 8.0 - idealBits) / idealBits;
        }
    }

    /**
     * Codes {@code symbols} symbols (rotating over {@value #TABLES} tables at temperature 1,
     * each symbol drawn from its table) and decodes them again to check the round trip.
     */
    public static CoderResult coderOverhead(int precisionBits, int symbols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FrequencyTable[] tables = new FrequencyTable[TABLES];
        for (int k = 0; k < TABLES; k++) {
            int[] f = SyntheticDistributions.quantize(
                    SyntheticDistributions.peaked(rnd, SyntheticDistributions.VOCAB, 1.0), precisionBits);
            tables[k] = new FrequencyTable(f.length).set(f, f.length);
        }
        int[] syms = new int[symbols];
        double ideal = 0;
        for (int i = 0; i < symbols; i++) {
            FrequencyTable t = tables[i % TABLES];
            int s = t.symbolAt(rnd.nextInt(t.total()));
            syms[i] = s;
            ideal -= Math.log((double) t.freq(s) / t.total());
        }
        ideal /= Math.log(2);
        RangeEncoder enc = new RangeEncoder(symbols);
        for (int i = 0; i < symbols; i++) {
            enc.encode(tables[i % TABLES], syms[i]);
        }
        byte[] payload = enc.finish();
        RangeDecoder dec = new RangeDecoder(payload, 0, payload.length);
        try {
            for (int i = 0; i < symbols; i++) {
                if (dec.decode(tables[i % TABLES]) != syms[i]) {
                    throw new IllegalStateException("range coder round trip failed at symbol " + i);
                }
            }
        } catch (CorruptedInputException e) {
            throw new IllegalStateException("range coder round trip failed", e);
        }
        return new CoderResult(precisionBits, symbols, payload.length, ideal);
    }

    /** Quantizer loss at one precision and temperature, over several seeded distributions. */
    public record QuantizerResult(int precisionBits, double temperature, int distributions, double entropyBits,
                                  double crossEntropyBits) {
        /** Mean entropy of one step in bits. */
        public double meanEntropyBits() {
            return entropyBits / distributions;
        }

        /** Percent of extra code length over the entropy. */
        public double lossPercent() {
            return 100 * (crossEntropyBits - entropyBits) / entropyBits;
        }
    }

    /** The quantizer's loss for each precision at {@code temperature}; the same distributions for every precision. */
    public static QuantizerResult[] quantizerLoss(int[] precisions, double temperature, int distributions, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double h = 0;
        double[] ce = new double[precisions.length];
        for (int d = 0; d < distributions; d++) {
            double[] p = SyntheticDistributions.peaked(rnd, SyntheticDistributions.VOCAB, temperature);
            h += SyntheticDistributions.entropyBits(p);
            for (int k = 0; k < precisions.length; k++) {
                int[] f = SyntheticDistributions.quantize(p, precisions[k]);
                ce[k] += SyntheticDistributions.crossEntropyBits(p, f, 1 << precisions[k]);
            }
        }
        QuantizerResult[] out = new QuantizerResult[precisions.length];
        for (int k = 0; k < precisions.length; k++) {
            out[k] = new QuantizerResult(precisions[k], temperature, distributions, h, ce[k]);
        }
        return out;
    }

    public static void main(String[] args) {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        report(symbols, System.out);
    }

    public static void report(int symbols, PrintStream out) {
        out.printf(Locale.ROOT, "Range coder overhead, %,d symbols over %d tables of %,d symbols (temperature 1)%n%n",
                symbols, TABLES, SyntheticDistributions.VOCAB);
        out.println("| precision | payload bytes | ideal bytes | overhead % |");
        out.println("|---:|---:|---:|---:|");
        for (int p : CODER_PRECISIONS) {
            CoderResult r = coderOverhead(p, symbols, 42);
            out.printf(Locale.ROOT, "| %d | %,d | %,.1f | %.5f |%n", p, r.payloadBytes(), r.idealBits() / 8,
                    r.overheadPercent());
        }
        out.printf(Locale.ROOT, "%nQuantizer loss: cross-entropy under the quantized frequencies above the float entropy, %%"
                + " (%d distributions per temperature)%n%n", DISTRIBUTIONS_PER_TEMPERATURE);
        StringBuilder head = new StringBuilder("| temperature | mean entropy (bits) |");
        StringBuilder rule = new StringBuilder("|---:|---:|");
        for (int p : QUANTIZER_PRECISIONS) {
            head.append(" P=").append(p).append(" |");
            rule.append("---:|");
        }
        out.println(head);
        out.println(rule);
        double[] allH = new double[QUANTIZER_PRECISIONS.length];
        double[] allCe = new double[QUANTIZER_PRECISIONS.length];
        for (double t : TEMPERATURES) {
            QuantizerResult[] rs = quantizerLoss(QUANTIZER_PRECISIONS, t, DISTRIBUTIONS_PER_TEMPERATURE, 7);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %.1f | %.3f |", t, rs[0].meanEntropyBits()));
            for (int k = 0; k < rs.length; k++) {
                line.append(String.format(Locale.ROOT, " %.4f |", rs[k].lossPercent()));
                allH[k] += rs[k].entropyBits();
                allCe[k] += rs[k].crossEntropyBits();
            }
            out.println(line);
        }
        StringBuilder line = new StringBuilder("| all | |");
        for (int k = 0; k < allH.length; k++) {
            line.append(String.format(Locale.ROOT, " %.4f |", 100 * (allCe[k] - allH[k]) / allH[k]));
        }
        out.println(line);
    }
}
