package dev.lmzip.codec.io;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.bytemodel.ByteContextModel;
import dev.lmzip.codec.container.ContainerReader;
import dev.lmzip.codec.container.Frame;
import dev.lmzip.codec.container.Method;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorBatch;
import dev.lmzip.codec.predict.Symbolizer;
import dev.lmzip.codec.rangecoder.Distribution;
import dev.lmzip.codec.rangecoder.FrequencyTable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-frame method choice: a weak predictor's frames fall back to the byte model (method 3). */
class FallbackTest {
    /** Every byte equally likely: never shrinks anything. */
    static final class Uniform implements Predictor {
        private final FrequencyTable table = FrequencyTable.of(java.util.stream.IntStream.generate(() -> 1).limit(256).toArray());

        @Override
        public String id() {
            return "uniform";
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
            return 8;
        }

        @Override
        public Symbolizer symbolizer() {
            return new Symbolizer() {
                @Override
                public SymbolCursor symbolize(byte[] raw, int off, int len) {
                    return new SymbolCursor() {
                        int i;

                        @Override
                        public boolean hasNext() {
                            return i < len;
                        }

                        @Override
                        public int next() {
                            return raw[off + i++] & 0xFF;
                        }

                        @Override
                        public long bytesConsumed() {
                            return i;
                        }
                    };
                }

                @Override
                public SymbolSink newSink(byte[] out, int off, int len) {
                    return new SymbolSink() {
                        int pos = off;

                        @Override
                        public void accept(int symbol) throws CorruptedInputException {
                            if (pos >= off + len) {
                                throw new CorruptedInputException("overrun");
                            }
                            out[pos++] = (byte) symbol;
                        }

                        @Override
                        public boolean full() {
                            return pos == off + len;
                        }
                    };
                }
            };
        }

        @Override
        public int preferredLanes() {
            return 2;
        }

        @Override
        public boolean concurrentBatches() {
            return false;
        }

        @Override
        public PredictorBatch newBatch(int lanes) {
            return new PredictorBatch() {
                @Override
                public int lanes() {
                    return lanes;
                }

                @Override
                public void reset(int lane, int frameLength) {
                }

                @Override
                public void predict(int[] active, int count, Distribution[] out) {
                    for (int i = 0; i < count; i++) {
                        out[active[i]] = table;
                    }
                }

                @Override
                public void update(int[] active, int count, int[] symbols) {
                }
            };
        }
    }

    @Test
    void weakFramesAreCodedByTheByteModel() throws IOException {
        byte[] raw = RoundTripTest.repeatTo(RoundTripTest.sampleText(), 20_000);
        Uniform u = new Uniform();
        byte[] with = Lmz.compress(raw, LmzOptions.defaults().predictor(u).frameSizeLog(12).threads(2));
        byte[] without = Lmz.compress(raw, LmzOptions.defaults().predictor(u).frameSizeLog(12).threads(2).fallback(false));
        assertTrue(with.length < raw.length / 2, "fallback compresses text: " + with.length);
        assertTrue(without.length > raw.length, "without fallback everything is stored: " + without.length);
        ContainerReader r = new ContainerReader(new ByteArrayInputStream(with), 1 << 20);
        Frame f;
        int bytesFrames = 0;
        while ((f = r.nextFrame()) != null) {
            bytesFrames += f.method() == Method.BYTES ? 1 : 0;
        }
        assertEquals(5, bytesFrames);
        for (int threads : new int[] {1, 3}) {
            try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(with), (id, fp, params) -> u, threads)) {
                assertArrayEquals(raw, in.readAllBytes());
            }
        }
    }

    @Test
    void theByteModelOfFormatVersion2IsPinned() {
        // method-3 frames are decoded by this model forever: changing it needs a new method or version
        assertEquals("3cee160406a83a8f920b9f08d0e0685b43c66dc7b7be54a8cd1e7b4ad7f4c0b8",
                HexFormat.of().formatHex(new ByteContextModel().fingerprint()));
    }
}
