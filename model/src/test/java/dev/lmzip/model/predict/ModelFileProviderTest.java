package dev.lmzip.model.predict;

import dev.lmzip.codec.io.PredictorProvider;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.model.file.ModelFileWriter;
import dev.lmzip.model.fixed.ModelShape;
import dev.lmzip.model.fixed.QuantizedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Programs that take the model as a string (Hadoop's lmzip.model) find model files through ServiceLoader. */
class ModelFileProviderTest {
    @Test
    void serviceLoaderOpensModelFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tiny.lmzm");
        byte[] fp = ModelFileWriter.write(QuantizedModel.random(ModelShape.stablelm(256, 32, 1, 2, 64, 64), 1),
                dev.lmzip.model.file.ImportAccuracyTest.tinyTokenizer(), null, file);
        Predictor found = null;
        for (PredictorProvider p : ServiceLoader.load(PredictorProvider.class)) {
            assertNull(p.open("bytes", 1), "not a model file");
            Predictor opened = p.open(file.toString(), 1);
            if (opened != null) {
                found = opened;
            }
        }
        assertNotNull(found, "a provider opened the model file");
        assertEquals(LmPredictor.ID, found.id());
        assertArrayEquals(fp, found.fingerprint());
    }
}
