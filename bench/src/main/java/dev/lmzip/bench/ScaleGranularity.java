package dev.lmzip.bench;

import dev.lmzip.model.hf.Checkpoint;
import dev.lmzip.model.hf.TransformerWeights;
import dev.lmzip.model.reference.ReferenceModel;
import dev.lmzip.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Why per-row weight scales: cross-entropy of the float reference with its matrices rounded to int8
 * per output row versus per group of G columns (and unrounded), on real text:
 * {@code ScaleGranularity HF_DIR TEXT_FILE TOKENS GROUP}. Only weight rounding differs between the
 * runs, so the gap isolates the scale granularity.
 */
public final class ScaleGranularity {
    private ScaleGranularity() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Tokenizer tok = Tokenizer.load(dir.resolve("tokenizer.json"));
        int[] tokens = tok.encode(Files.readAllBytes(Path.of(args[1])));
        int n = Math.min(tokens.length, Integer.parseInt(args[2]));
        int group = Integer.parseInt(args[3]);
        for (int mode = 0; mode < 3; mode++) {
            TransformerWeights w = Checkpoint.load(dir);
            int d = w.config().hiddenSize();
            if (mode > 0) {
                int g = mode == 1 ? Integer.MAX_VALUE : group;
                for (TransformerWeights.Layer l : w.layers()) {
                    round(l.q(), d, g);
                    round(l.k(), d, g);
                    round(l.v(), d, g);
                    round(l.o(), d, g);
                    if (l.mlp() instanceof TransformerWeights.SwiGlu m) {
                        round(m.gate(), d, g);
                        round(m.up(), d, g);
                        round(m.down(), w.config().intermediateSize(), g);
                    }
                }
                round(w.lmHead(), d, g);
            }
            ReferenceModel ref = new ReferenceModel(w);
            double bits = 0;
            ReferenceModel.State s = null;
            int prev = 0;
            for (int i = 0; i < n; i++) {
                if (i % 255 == 0) {
                    s = ref.newState();
                    prev = Math.max(0, tok.endOfTextId());
                }
                float[] logits = ref.next(s, prev);
                bits += ReferenceModel.bits(logits, logits.length, tokens[i]);
                prev = tokens[i];
            }
            System.out.printf("%-22s %.4f bits/token%n", mode == 0 ? "float" : mode == 1 ? "int8 per row" : "int8 per group of " + group,
                    bits / n);
        }
    }

    /** Rounds each row of a [rows][cols] matrix to 127 levels per group of g columns (in place). */
    static void round(float[] m, int cols, int g) {
        for (int r = 0; r < m.length / cols; r++) {
            for (int c0 = 0; c0 < cols; c0 += Math.min(g, cols)) {
                int c1 = Math.min(cols, c0 + Math.min(g, cols));
                double amax = 0;
                for (int c = c0; c < c1; c++) {
                    amax = Math.max(amax, Math.abs(m[r * cols + c]));
                }
                double scale = amax == 0 ? 1 : amax / 127;
                for (int c = c0; c < c1; c++) {
                    m[r * cols + c] = (float) (Math.round(m[r * cols + c] / scale) * scale);
                }
            }
        }
    }
}
