package dev.lmzip.model.train;

import dev.lmzip.model.hf.ModelConfig;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Properties;

/**
 * Everything that decides a training run (shape, data, recipe, seed). Stored with every checkpoint as
 * {@code key=value} lines so that {@code --resume} continues the same run.
 */
public final class TrainOptions {
    // data
    /** Corpus roots (files or directories), separated by the path separator. */
    public String data = "";
    /** Fraction of the corpus bytes held out for validation, chosen by whole files. */
    public double valFraction = 0.01;
    /** Validation windows evaluated each time (evenly spaced over the held-out data). */
    public int valWindows = 64;
    // vocabulary
    public int vocabSize = 8192;
    public long bpeMinFrequency = 2;
    // shape
    public int hidden = 256;
    public int layers = 4;
    public int heads = 8;
    public int intermediate = 688;
    public int context = 256;
    public double partialRotary = 0.25;
    public double ropeTheta = 10000;
    public double initStd = 0.02;
    // recipe
    public int batch = 8;
    public long steps = 2000;
    public int maxEpochs = 4;
    public double lr = 2e-3;
    public double minLr = 2e-4;
    public int warmup = 100;
    public double beta1 = 0.9;
    public double beta2 = 0.95;
    public double adamEps = 1e-8;
    public double weightDecay = 0.1;
    public double clip = 1.0;
    public long seed = 1234;
    // bookkeeping (not part of the run's identity)
    public int threads = Runtime.getRuntime().availableProcessors();
    public int logEvery = 10;
    public int valEvery = 200;
    public double checkpointMinutes = 5;

    public ModelConfig modelConfig(int vocab, int eot) {
        ModelConfig base = ModelConfig.stableLm(vocab, hidden, intermediate, layers, heads, heads)
                .withPartialRotaryFactor(partialRotary).withRopeTheta(ropeTheta);
        return new ModelConfig(base.architecture(), base.vocabSize(), base.hiddenSize(), base.intermediateSize(),
                base.numLayers(), base.numHeads(), base.numKvHeads(), base.partialRotaryFactor(), base.ropeTheta(),
                base.layerNormEps(), false, false, false, false, base.mlpKind(), false, context, eot, eot);
    }

    /** Learning rate of optimizer step {@code step} (0-based): linear warm-up, then cosine decay to minLr. */
    public double learningRate(long step) {
        if (step < warmup) {
            return lr * (step + 1) / warmup;
        }
        if (step >= steps) {
            return minLr;
        }
        double progress = (double) (step - warmup) / Math.max(1, steps - warmup);
        return minLr + 0.5 * (lr - minLr) * (1 + StrictMath.cos(Math.PI * progress));
    }

    public String toProperties() {
        Properties p = new Properties();
        for (Field f : TrainOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                p.setProperty(f.getName(), String.valueOf(f.get(this)));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        StringWriter w = new StringWriter();
        try {
            p.store(w, "lmzip train options");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    public static TrainOptions fromProperties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        TrainOptions o = new TrainOptions();
        for (Field f : TrainOptions.class.getFields()) {
            String v = p.getProperty(f.getName());
            if (v == null || Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                Class<?> t = f.getType();
                if (t == int.class) {
                    f.setInt(o, Integer.parseInt(v));
                } else if (t == long.class) {
                    f.setLong(o, Long.parseLong(v));
                } else if (t == double.class) {
                    f.setDouble(o, Double.parseDouble(v));
                } else {
                    f.set(o, v);
                }
            } catch (IllegalAccessException | NumberFormatException e) {
                throw new IOException("bad option " + f.getName() + "=" + v, e);
            }
        }
        return o;
    }
}
