package dev.lmzip.model.fixed;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** Prints the kernels in use and a SHA-256 of the engine's weights for fixed models and tokens (run in child JVMs). */
public final class DigestMain {
    private DigestMain() {
    }

    public static void main(String[] args) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        int threads = Integer.parseInt(args[0]);
        for (ModelShape s : new ModelShape[] {EngineDeterminismTest.STABLE, EngineDeterminismTest.NEOX, EngineDeterminismTest.GQA}) {
            Engine e = new Engine(QuantizedModel.random(s, 21), Int8Kernels.select(), threads);
            // K = hidden 64 and intermediate 160/256: exercises the vector body and the scalar tail
            List<int[]> w = EngineDeterminismTest.stepwise(e, EngineDeterminismTest.randomTokens(24, s.vocab(), 22));
            for (int[] row : w) {
                for (int x : row) {
                    md.update(new byte[] {(byte) x, (byte) (x >> 8), (byte) (x >> 16), (byte) (x >> 24)});
                }
            }
            e.close();
        }
        System.out.println(Int8Kernels.select().name() + " " + HexFormat.of().formatHex(md.digest()));
    }
}
