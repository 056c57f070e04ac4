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
        // the mixing predictor end to end (engine, slide, online models, coder): its .lmz bytes
        try (Engine e = new Engine(QuantizedModel.random(ModelShape.stablelm(256, 32, 1, 2, 64, 64), 3), Int8Kernels.select(),
                threads)) {
            var p = new dev.lmzip.model.mix.MixPredictor(e, dev.lmzip.model.mix.MixRoundTripTest.byteTokenizer(),
                    new byte[32], 48, threads == 1 ? 1 : 3, dev.lmzip.model.mix.MixPredictor.Mode.BOTH);
            var bo = new java.io.ByteArrayOutputStream();
            try (var out = new dev.lmzip.codec.io.LmzOutputStream(bo, dev.lmzip.codec.io.LmzOptions.defaults().predictor(p)
                    .frameSizeLog(10).lanes(threads == 1 ? 1 : 3).threads(threads).fallback(false))) {
                out.write(dev.lmzip.model.mix.MixRoundTripTest.text(2500, 9));
            }
            md.update(bo.toByteArray());
        }
        System.out.println(Int8Kernels.select().name() + " " + HexFormat.of().formatHex(md.digest()));
    }
}
