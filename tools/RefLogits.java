import dev.lmzip.model.reference.ReferenceModel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Float-reference logits of a Hugging Face checkpoint for the first T tokens of a 16-bit token file, for
 * tools/gpu-train.py's check that transformers computes the same: writes {@code OUT.tokens.u16} and
 * {@code OUT.logits.f32} ([T][V], little-endian).
 * Usage: java -cp model-classes:deps tools/RefLogits.java HF_DIR TOKENS.u16 OFFSET T OUT
 */
public class RefLogits {
    public static void main(String[] a) throws Exception {
        ReferenceModel m = ReferenceModel.load(Path.of(a[0]));
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(Path.of(a[1]))).order(ByteOrder.LITTLE_ENDIAN);
        int off = Integer.parseInt(a[2]), n = Integer.parseInt(a[3]);
        int[] tokens = new int[n];
        ByteBuffer tb = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            tokens[i] = Short.toUnsignedInt(all.getShort(2 * (off + i)));
            tb.putShort((short) tokens[i]);
        }
        float[][] logits = m.logits(tokens);
        int v = m.config().vocabSize();
        ByteBuffer lb = ByteBuffer.allocate(4 * n * v).order(ByteOrder.LITTLE_ENDIAN);
        double bits = 0;
        for (int t = 0; t < n; t++) {
            for (int s = 0; s < v; s++) {
                lb.putFloat(logits[t][s]);
            }
            if (t + 1 < n) {
                bits += ReferenceModel.bits(logits[t], v, tokens[t + 1]);
            }
        }
        Files.write(Path.of(a[4] + ".tokens.u16"), tb.array());
        Files.write(Path.of(a[4] + ".logits.f32"), lb.array());
        System.out.printf("%d tokens, float reference %.4f bits/token%n", n, bits / (n - 1));
    }
}
