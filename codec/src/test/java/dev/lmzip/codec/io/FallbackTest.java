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
    static class Uniform implements Predictor {
        FrequencyTable table = FrequencyTable.of(java.util.stream.IntStream.generate(() -> 1).limit(256).toArray());
        final java.util.concurrent.atomic.AtomicLong predictions = new java.util.concurrent.atomic.AtomicLong();

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
                    predictions.addAndGet(count);
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
            bytesFrames += f.method() == Method.BYTES2 ? 1 : 0;
        }
        assertEquals(5, bytesFrames);
        for (int threads : new int[] {1, 3}) {
            try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(with), (id, fp, params) -> u, threads)) {
                assertArrayEquals(raw, in.readAllBytes());
            }
        }
    }

    /** Letters and spaces 8 times as likely as other bytes: shrinks text a little, far less than the byte model. */
    static final class Weak extends Uniform {
        Weak() {
            int[] f = new int[256];
            for (int b = 0; b < 256; b++) {
                f[b] = (b >= 'a' && b <= 'z') || b == ' ' ? 8 : 1;
            }
            table = FrequencyTable.of(f);
        }
    }

    @Test
    void aPredictorFarBehindTheByteModelIsAbandonedEarly() throws IOException {
        byte[] raw = RoundTripTest.repeatTo(RoundTripTest.sampleText(), 65_536);
        Weak w = new Weak();
        byte[] lmz = Lmz.compress(raw, LmzOptions.defaults().predictor(w).frameSizeLog(16).threads(1));
        assertTrue(w.predictions.get() < 16_384, "stopped after " + w.predictions.get() + " of 65,536 symbols");
        ContainerReader r = new ContainerReader(new ByteArrayInputStream(lmz), 1 << 20);
        assertEquals(Method.BYTES2, r.nextFrame().method());
        try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(lmz), (id, fp, params) -> w, 1)) {
            assertArrayEquals(raw, in.readAllBytes());
        }
        assertTrue(!dev.lmzip.codec.container.FrameCoder.behindRival(5000, 8192, 65536, 40_000),
                "on pace with the byte model");
        assertTrue(dev.lmzip.codec.container.FrameCoder.behindRival(7000, 8192, 65536, 40_000),
                "far behind it");
        assertTrue(!dev.lmzip.codec.container.FrameCoder.behindRival(7000, 8191, 65536, 40_000),
                "too early to judge");
    }

    @Test
    void aCoderIsCutShortOnlyWhereNothingCompressibleLiesAhead() {
        int cp = 4096;
        long[] rival = new long[8]; // the byte model: 99 % on every checkpoint of a 32 KiB frame
        long[] own = new long[8];
        for (int i = 0; i < 8; i++) {
            rival[i] = (i + 1) * cp * 99L / 100;
            own[i] = rival[i] - 20 - i; // a few bytes better: not 2 % in the last checkpoints, a lead of under 1/400
        }
        long frame = 8L * cp + 100;
        long rivalSize = rival[7] + 99;
        assertTrue(dev.lmzip.codec.container.FrameCoder.notAheadOnIncompressible(own, 3, rival, rivalSize, frame),
                "incompressible ahead and not ahead in the last two checkpoints");
        assertTrue(!dev.lmzip.codec.container.FrameCoder.notAheadOnIncompressible(own, 2, rival, rivalSize, frame),
                "too early");
        long[] better = own.clone();
        better[0] = better[2] - (rival[2] - rival[0]) * 95 / 100; // behind at first, 5 % better over checkpoints 1–3
        assertTrue(!dev.lmzip.codec.container.FrameCoder.notAheadOnIncompressible(better, 3, rival, rivalSize, frame),
                "ahead of the byte model");
        long[] textAhead = rival.clone();
        for (int i = 4; i < 8; i++) {
            textAhead[i] = textAhead[3] + (i - 3) * cp * 30L / 100; // the byte model codes the rest at 30 %
        }
        assertTrue(!dev.lmzip.codec.container.FrameCoder.notAheadOnIncompressible(own, 3, textAhead, textAhead[7] + 30, frame),
                "something compressible ahead (text after a binary head)");
        assertTrue(!dev.lmzip.codec.container.FrameCoder.notAheadOnIncompressible(own, 3, java.util.Arrays.copyOf(rival, 2),
                frame, frame), "the byte model gave up before: what follows is unknown");
        long[] lead = own.clone();
        for (int i = 0; i < 8; i++) {
            lead[i] -= 100; // 120 bytes ahead (text before the compressed data): more than 1/400 of 32 KiB
        }
        assertTrue(!dev.lmzip.codec.container.FrameCoder.notAheadOnIncompressible(lead, 3, rival, rivalSize, frame),
                "a lead worth more than 1/400 of the frame is kept");
    }

    /** Good at 'a' (3.3 bits), bad at anything else (7.6 bits); asks for the byte model only after it, as the media model does. */
    static final class GoodAtA extends Uniform {
        GoodAtA() {
            int[] f = new int[256];
            java.util.Arrays.fill(f, 1);
            f['a'] = 26;
            table = FrequencyTable.of(f);
        }

        @Override
        public boolean fallbackAfter() {
            return true;
        }
    }

    @Test
    void aPredictorThatAsksForTheFallbackAfterItKeepsFramesItCodesWellEvenWhenTheByteModelWouldWin() throws IOException {
        byte[] as = new byte[20_000];
        java.util.Arrays.fill(as, (byte) 'a');
        byte[] bs = new byte[20_000];
        java.util.Arrays.fill(bs, (byte) 'b');
        GoodAtA veryGood = new GoodAtA();
        int[] f = new int[256];
        java.util.Arrays.fill(f, 1);
        f['a'] = 4000;
        veryGood.table = FrequencyTable.of(f);
        // 41 % of the frame: between 1/4 and 5/8, so the byte model (which would code it to almost nothing) does not run
        assertEquals(Method.CODED, methodOf(as, new GoodAtA()));
        // no gain at all: the byte model runs and wins
        assertEquals(Method.BYTES2, methodOf(bs, new GoodAtA()));
        // 1 % of the frame: below 1/4 (very regular data), so the byte model runs, and wins
        assertEquals(Method.BYTES2, methodOf(as, veryGood));
    }

    private static Method methodOf(byte[] raw, Predictor p) throws IOException {
        byte[] lmz = Lmz.compress(raw, LmzOptions.defaults().predictor(p).frameSizeLog(16).threads(1));
        try (LmzInputStream in = new LmzInputStream(new ByteArrayInputStream(lmz), (id, fp, params) -> p, 1)) {
            assertArrayEquals(raw, in.readAllBytes());
        }
        return new ContainerReader(new ByteArrayInputStream(lmz), 1 << 20).nextFrame().method();
    }

    @Test
    void theByteModelOfFormatVersion2IsPinned() {
        // method-3 frames are decoded by this model forever: changing it needs a new method or version
        assertEquals("3cee160406a83a8f920b9f08d0e0685b43c66dc7b7be54a8cd1e7b4ad7f4c0b8",
                HexFormat.of().formatHex(new ByteContextModel().fingerprint()));
    }

    @Test
    void method3FramesOfEarlierFilesStillDecode() throws IOException {
        // a method-3 payload is what method 2 holds in a file of the byte model: relabel such a frame
        byte[] raw = RoundTripTest.repeatTo(RoundTripTest.sampleText(), 5_000);
        byte[] lmz = Lmz.compress(raw, LmzOptions.defaults().frameSizeLog(16).threads(1));
        int frame = lmz[8] + 9 + 32 + 2 + 4; // header: 9 + id + fingerprint + params length (0 params) + checksum
        assertEquals(Method.CODED.code, lmz[frame]);
        lmz[frame] = (byte) Method.BYTES.code;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(lmz, frame, 13);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) {
            lmz[frame + 13 + i] = (byte) (v >>> (8 * i));
        }
        ContainerReader r = new ContainerReader(new ByteArrayInputStream(lmz), 1 << 20);
        assertEquals(Method.BYTES, r.nextFrame().method());
        assertArrayEquals(raw, Lmz.decompress(lmz, 1));
    }
}
