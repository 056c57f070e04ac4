package dev.lmzip.model.file;

import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.QLinear;
import dev.lmzip.model.fixed.QNorm;
import dev.lmzip.model.fixed.QuantizedModel;
import dev.lmzip.model.hf.Architecture;
import dev.lmzip.model.hf.MlpKind;
import dev.lmzip.model.hf.ModelConfig;
import dev.lmzip.model.hf.TransformerWeights;

/** Quantizes a Hugging Face checkpoint's float weights into the integer model (docs/model-format.md). */
public final class Importer {
    private Importer() {
    }

    public static ModelShape shapeOf(ModelConfig c) {
        ModelShape.Architecture a = c.architecture() == Architecture.GPT_NEOX
                ? ModelShape.Architecture.GPT_NEOX : ModelShape.Architecture.STABLELM;
        if ((a == ModelShape.Architecture.GPT_NEOX) != (c.mlpKind() == MlpKind.GELU)) {
            throw new IllegalArgumentException(c.architecture() + " with a " + c.mlpKind() + " MLP is not supported");
        }
        return new ModelShape(a, c.vocabSize(), c.hiddenSize(), c.numLayers(), c.numHeads(), c.numKvHeads(),
                c.intermediateSize(), c.rotaryDims(), c.ropeTheta(), ModelShape.epsQ40(c.layerNormEps()),
                c.useParallelResidual(), c.useQkvBias(), c.qkLayernorm(), Math.max(2, c.maxPositionEmbeddings()));
    }

    public static QuantizedModel quantize(TransformerWeights w) {
        ModelConfig c = w.config();
        ModelShape s = shapeOf(c);
        int d = s.hidden();
        QuantizedModel.Layer[] layers = new QuantizedModel.Layer[s.layers()];
        for (int i = 0; i < layers.length; i++) {
            TransformerWeights.Layer l = w.layers().get(i);
            QNorm[] qn = null;
            QNorm[] kn = null;
            if (l.qNorm() != null) {
                qn = new QNorm[l.qNorm().length];
                kn = new QNorm[l.kNorm().length];
                for (int h = 0; h < qn.length; h++) {
                    qn[h] = QNorm.quantize(l.qNorm()[h], null);
                }
                for (int h = 0; h < kn.length; h++) {
                    kn[h] = QNorm.quantize(l.kNorm()[h], null);
                }
            }
            QLinear gate;
            QLinear up;
            QLinear down;
            if (l.mlp() instanceof TransformerWeights.SwiGlu m) {
                gate = QLinear.quantize(s.intermediate(), d, m.gate(), null);
                up = QLinear.quantize(s.intermediate(), d, m.up(), null);
                down = QLinear.quantize(d, s.intermediate(), m.down(), null);
            } else {
                TransformerWeights.Gelu m = (TransformerWeights.Gelu) l.mlp();
                gate = null;
                up = QLinear.quantize(s.intermediate(), d, m.fcIn(), m.fcInBias());
                down = QLinear.quantize(d, s.intermediate(), m.fcOut(), m.fcOutBias());
            }
            layers[i] = new QuantizedModel.Layer(norm(l.ln1()), l.ln2() == null ? null : norm(l.ln2()),
                    QLinear.quantize(d, d, l.q(), l.qBias()), QLinear.quantize(s.kvDim(), d, l.k(), l.kBias()),
                    QLinear.quantize(s.kvDim(), d, l.v(), l.vBias()), QLinear.quantize(d, d, l.o(), l.oBias()),
                    qn, kn, gate, up, down);
        }
        return new QuantizedModel(s, QLinear.quantize(s.vocab(), d, w.embedding(), null), layers, norm(w.finalNorm()),
                QLinear.quantize(s.vocab(), d, w.lmHead(), null));
    }

    private static QNorm norm(TransformerWeights.Norm n) {
        return QNorm.quantize(n.weight(), n.bias());
    }
}
