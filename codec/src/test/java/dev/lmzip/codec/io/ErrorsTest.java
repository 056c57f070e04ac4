package dev.lmzip.codec.io;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.LmzException;
import dev.lmzip.codec.MemoryLimitException;
import dev.lmzip.codec.ModelMismatchException;
import dev.lmzip.codec.NotLmzFormatException;
import dev.lmzip.codec.TruncatedInputException;
import dev.lmzip.codec.UnsupportedVersionException;
import dev.lmzip.codec.bytemodel.ByteContextModel;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorBatch;
import dev.lmzip.codec.predict.Symbolizer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorsTest {
    private static byte[] valid() throws IOException {
        return Lmz.compress(RoundTripTest.repeatTo(RoundTripTest.sampleText(), 5000),
                LmzOptions.defaults().frameSizeLog(10).threads(1));
    }

    private static void fixHeaderCrc(byte[] lmz) {
        int headerLength = 9 + (lmz[8] & 0xFF) + 32;
        int paramsLength = (lmz[headerLength] & 0xFF) | (lmz[headerLength + 1] & 0xFF) << 8;
        int crcAt = headerLength + 2 + paramsLength;
        CRC32C c = new CRC32C();
        c.update(lmz, 0, crcAt);
        long v = c.getValue();
        for (int i = 0; i < 4; i++) {
            lmz[crcAt + i] = (byte) (v >>> (8 * i));
        }
    }

    @Test
    void notLmz() {
        assertThrows(NotLmzFormatException.class, () -> Lmz.decompress("hello world".getBytes(), 1));
        assertThrows(NotLmzFormatException.class, () -> Lmz.decompress(new byte[0], 1));
    }

    @Test
    void unsupportedVersion() throws IOException {
        byte[] lmz = valid();
        lmz[4] = 3;
        LmzException e = assertThrows(UnsupportedVersionException.class, () -> Lmz.decompress(lmz, 1));
        assertTrue(e.getMessage().contains("version 3"));
    }

    @Test
    void everyTruncationIsReported() throws IOException {
        byte[] lmz = valid();
        // the frame index is optional: a cut right after the end frame leaves a complete file
        int withoutIndex = lmz.length - (int) dev.lmzip.codec.container.FrameIndex.size(
                (lmz[lmz.length - 16] & 0xFF) | (lmz[lmz.length - 15] & 0xFF) << 8);
        assertArrayEquals(Lmz.decompress(lmz, 1), Lmz.decompress(Arrays.copyOf(lmz, withoutIndex), 1));
        for (int n = 1; n < lmz.length; n++) {
            if (n == withoutIndex) {
                continue;
            }
            byte[] cut = Arrays.copyOf(lmz, n);
            IOException e = assertThrows(IOException.class, () -> Lmz.decompress(cut, 1), "cut at " + n);
            assertTrue(e instanceof TruncatedInputException || (n < 4 && e instanceof NotLmzFormatException)
                    || e instanceof CorruptedInputException, "cut at " + n + ": " + e);
        }
    }

    @Test
    void trailingBytesAreCorruption() throws IOException {
        byte[] lmz = Arrays.copyOf(valid(), valid().length + 1);
        assertThrows(CorruptedInputException.class, () -> Lmz.decompress(lmz, 1));
    }

    @Test
    void corruptedPayloadFailsTheFrameChecksum() throws IOException {
        byte[] lmz = valid();
        lmz[52 + 17 + 40] ^= 0x10; // inside the first frame's payload
        assertThrows(CorruptedInputException.class, () -> Lmz.decompress(lmz, 1));
    }

    @Test
    void wrongModelNamesBothFingerprints() throws IOException {
        byte[] lmz = valid();
        lmz[9 + 5 + 3] ^= 1; // a fingerprint byte ("bytes" is 5 long)
        fixHeaderCrc(lmz);
        ModelMismatchException e = assertThrows(ModelMismatchException.class, () -> Lmz.decompress(lmz, 1));
        String theirs = java.util.HexFormat.of().formatHex(new ByteContextModel().fingerprint());
        assertTrue(e.getMessage().contains(theirs), e.getMessage());
        assertTrue(e.getMessage().contains(java.util.HexFormat.of().formatHex(e.fileFingerprint())));
    }

    @Test
    void unknownPredictorIsAModelError() throws IOException {
        byte[] lmz = valid();
        lmz[9] = 'c'; // "bytes" -> "cytes"
        fixHeaderCrc(lmz);
        assertThrows(ModelMismatchException.class, () -> Lmz.decompress(lmz, 1));
    }

    @Test
    void frameSizeAboveTheMemoryLimitIsRefusedBeforeAllocation() throws IOException {
        byte[] lmz = Lmz.compress(new byte[100], LmzOptions.defaults().frameSizeLog(30).threads(1));
        assertThrows(MemoryLimitException.class,
                () -> new LmzInputStream(new ByteArrayInputStream(lmz), LmzInputStream.builtIn(), 1, 1 << 20));
    }

    @Test
    void aFailingPredictorSurfacesAsAnError() throws IOException {
        Predictor broken = new Predictor() {
            final ByteContextModel inner = new ByteContextModel();

            @Override
            public String id() {
                return "broken";
            }

            @Override
            public byte[] fingerprint() {
                return new byte[32];
            }

            @Override
            public byte[] params() {
                return new byte[0];
            }

            @Override
            public int precisionBits() {
                return 12;
            }

            @Override
            public Symbolizer symbolizer() {
                return inner.symbolizer();
            }

            @Override
            public int preferredLanes() {
                return 1;
            }

            @Override
            public boolean concurrentBatches() {
                return true;
            }

            @Override
            public PredictorBatch newBatch(int lanes) {
                throw new IllegalStateException("model failed to load");
            }
        };
        IOException e = assertThrows(IOException.class,
                () -> Lmz.compress(new byte[10], LmzOptions.defaults().predictor(broken).threads(1)));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("compression failed: java.lang.IllegalStateException: model failed to load", e.getMessage());
    }
}
