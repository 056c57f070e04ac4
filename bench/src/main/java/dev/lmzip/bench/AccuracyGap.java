package dev.lmzip.bench;

import dev.lmzip.model.file.Importer;
import dev.lmzip.model.fixed.Engine;
import dev.lmzip.model.fixed.Int8Kernels;
import dev.lmzip.model.fixed.KvCache;
import dev.lmzip.model.hf.Checkpoint;
import dev.lmzip.model.hf.TransformerWeights;
import dev.lmzip.model.reference.ReferenceModel;
import dev.lmzip.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Cross-entropy of the fixed-point engine against the float32 reference on real text:
 * {@code AccuracyGap HF_DIR TOKENIZER_JSON TEXT_FILE MAX_TOKENS [CONTEXT]}. Both models see the
 * same token windows (restarting every CONTEXT tokens); the fixed engine's probabilities are the
 * quantized frequencies the codec would use (precision 28), so the gap includes quantization.
 */
public final class AccuracyGap {
    private AccuracyGap() {
    }

    public static void main(String[] args) throws IOException {
        TransformerWeights w = Checkpoint.load(Path.of(args[0]));
        Tokenizer tok = Tokenizer.load(Path.of(args[1]));
        int[] tokens = tok.encode(Files.readAllBytes(Path.of(args[2])));
        int n = Math.min(tokens.length, Integer.parseInt(args[3]));
        int context = args.length > 4 ? Integer.parseInt(args[4]) : Math.min(512, w.config().maxPositionEmbeddings());
        ReferenceModel ref = new ReferenceModel(w);
        Engine engine = new Engine(Importer.quantize(w), Int8Kernels.select(), Runtime.getRuntime().availableProcessors());
        int vocab = w.config().vocabSize();
        int symbols = Math.min(vocab, tok.vocabSize());
        dev.lmzip.codec.rangecoder.FrequencyQuantizer q = new dev.lmzip.codec.rangecoder.FrequencyQuantizer(28);
        long[] wl = new long[symbols];
        int[] freq = new int[symbols];
        int[] weights = new int[vocab];
        double floatBits = 0;
        double fixedBits = 0;
        int start = Math.max(0, tok.endOfTextId());
        ReferenceModel.State state = null;
        KvCache cache = null;
        int prev = start;
        for (int i = 0; i < n; i++) {
            if (i % (context - 1) == 0) {
                state = ref.newState();
                cache = engine.newCache(context);
                prev = start;
            }
            float[] logits = ref.next(state, prev);
            engine.forward(new KvCache[] {cache}, new int[] {prev}, 1, new int[][] {weights});
            int t = tokens[i];
            floatBits += ReferenceModel.bits(logits, symbols, t);
            for (int s = 0; s < symbols; s++) {
                wl[s] = weights[s];
            }
            q.quantize(wl, symbols, freq);
            fixedBits += -Math.log((double) freq[t] / q.total()) / Math.log(2);
            prev = t;
        }
        double bytes = tok.decode(Arrays.copyOf(tokens, n)).length;
        System.out.printf("%s on %s: %d tokens (%.0f bytes), context %d: float %.4f bits/token (%.4f bpb), "
                        + "fixed %.4f bits/token (%.4f bpb), gap %+.3f%%%n", Path.of(args[0]).getFileName(),
                Path.of(args[2]).getFileName(), n, bytes, context, floatBits / n, floatBits / bytes, fixedBits / n,
                fixedBits / bytes, 100 * (fixedBits - floatBits) / floatBits);
    }
}
