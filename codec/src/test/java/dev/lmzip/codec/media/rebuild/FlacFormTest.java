package dev.lmzip.codec.media.rebuild;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.io.Lmz;
import dev.lmzip.codec.media.MediaLayout;
import org.jflac.FLACDecoder;
import org.jflac.PCMProcessor;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The decoded form of FLAC files: samples as jflac decodes them, and the exact file back — for files
 * of the reference encoder (bench files, fixtures of {@code flac} 1.4.2, see resources/media/flac/README.md)
 * and for frames of every kind written from random encoder choices.
 */
class FlacFormTest {
    private static final String[] FIXTURES = {"constant-verbatim", "fixed-0", "lpc-only", "lpc32-b1152", "mono-8bit",
            "stereo-1-ls", "stereo-8", "wasted-bits"};

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = FlacFormTest.class.getResourceAsStream("/media/flac/" + name + ".flac")) {
            return in.readAllBytes();
        }
    }

    /** The PCM bytes jflac decodes (little-endian 16-bit, or unsigned 8-bit as jflac writes it). */
    private static byte[] jflac(byte[] file) throws IOException {
        FLACDecoder d = new FLACDecoder(new ByteArrayInputStream(file));
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        d.addPCMProcessor(new PCMProcessor() {
            @Override
            public void processStreamInfo(StreamInfo info) {
            }

            @Override
            public void processPCM(ByteData data) {
                pcm.write(data.getData(), 0, data.getLen());
            }
        });
        d.decode();
        return pcm.toByteArray();
    }

    /** The samples of a form as jflac writes them (its 8-bit output is unsigned). */
    private static byte[] samplesAsJflac(DecodedForm form) {
        byte[] s = Arrays.copyOfRange(form.content(), form.layout().offset(), form.content().length);
        if (form.layout().bits() == 8) {
            for (int i = 0; i < s.length; i++) {
                s[i] ^= (byte) 0x80;
            }
        }
        return s;
    }

    private static void checkRoundTrip(String name, byte[] file) throws Exception {
        DecodedForm form = DecodedForm.of(file);
        assertEquals(MediaLayout.Source.FLAC, form.layout().source(), name);
        assertArrayEquals(jflac(file), samplesAsJflac(form), name + ": samples differ from jflac's");
        assertArrayEquals(file, DecodedForm.rebuild(form.layout(), form.content()), name);
    }

    @Test
    void referenceEncoderFilesRebuildExactlyWithJflacsSamples() throws Exception {
        for (String f : FIXTURES) {
            checkRoundTrip(f, fixture(f));
        }
        Path shared = Lmz.shared();
        assumeTrue(shared != null && Files.isDirectory(shared.resolve("corpus/bench/audio")), "no bench audio");
        try (var files = Files.list(shared.resolve("corpus/bench/audio"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".flac")).sorted().toList()) {
                checkRoundTrip(p.toString(), Files.readAllBytes(p));
            }
        }
    }

    // --- frames written from random encoder choices ---

    /** A decoded form built by hand: metadata, then frames of the given choices; {@link DecodedForm#rebuild} writes the file. */
    private static final class FormWriter {
        final SplittableRandom r;
        final int bits;
        final int channels;
        final ByteArrayOutputStream frames = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(frames);
        final ByteArrayOutputStream samples = new ByteArrayOutputStream();
        int frameCount;

        FormWriter(SplittableRandom r, int bits, int channels) {
            this.r = r;
            this.bits = bits;
            this.channels = channels;
        }

        /** A frame of {@code n} samples per channel with channel assignment {@code assignment}. */
        void frame(int n, int assignment) throws IOException {
            long[][] pcm = new long[channels][n];
            int max = (1 << (bits - 1)) - 1;
            for (int c = 0; c < channels; c++) {
                long v = r.nextInt(2 * max) - max;
                int step = 1 + r.nextInt(bits == 8 ? 6 : 400);
                for (int i = 0; i < n; i++) {
                    v = Math.max(-max - 1, Math.min(max, v + r.nextInt(2 * step + 1) - step));
                    pcm[c][i] = v;
                }
            }
            int kind = r.nextInt(6);
            if (kind == 0) { // one channel constant, another with wasted bits
                Arrays.fill(pcm[0], pcm[0][0]);
                if (channels > 1 && assignment <= 7) {
                    for (int i = 0; i < n; i++) {
                        pcm[1][i] &= ~3L;
                    }
                }
            }
            long[][] signal = new long[channels][];
            for (int c = 0; c < channels; c++) {
                signal[c] = pcm[c];
            }
            if (assignment > 7) {
                long[] a = new long[n];
                long[] b = new long[n];
                for (int i = 0; i < n; i++) {
                    long left = pcm[0][i];
                    long right = pcm[1][i];
                    a[i] = assignment == 9 ? left - right : assignment == 10 ? (left + right) >> 1 : left;
                    b[i] = assignment == 9 ? right : left - right;
                }
                signal = new long[][] {a, b};
            }
            byte[] head = frameHeader(n, assignment);
            out.writeByte(head.length);
            out.write(head);
            for (int c = 0; c < channels; c++) {
                boolean side = (assignment == 8 || assignment == 10) && c == 1 || assignment == 9 && c == 0;
                subframe(signal[c], bits + (side ? 1 : 0));
            }
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    samples.write((int) pcm[c][i]);
                    if (bits == 16) {
                        samples.write((int) (pcm[c][i] >> 8));
                    }
                }
            }
            frameCount++;
        }

        private byte[] frameHeader(int n, int assignment) {
            byte[] h = new byte[7];
            h[0] = (byte) 0xFF;
            h[1] = (byte) 0xF8;
            h[2] = (byte) (7 << 4); // block size: 16 bits at the end; sample rate from STREAMINFO
            h[3] = (byte) (assignment << 4 | (bits == 16 ? 4 : 1) << 1);
            h[4] = (byte) frameCount; // frame number (< 128)
            h[5] = (byte) ((n - 1) >> 8);
            h[6] = (byte) (n - 1);
            byte[] withCrc = Arrays.copyOf(h, 8);
            withCrc[7] = (byte) FlacBits.crc8(h, 0, 7);
            return withCrc;
        }

        private void subframe(long[] x, int bits) throws IOException {
            int n = x.length;
            boolean constant = Arrays.stream(x).allMatch(v -> v == x[0]);
            int wasted = 0;
            while (wasted < 4 && wasted < bits - 1 && !constant && lowBitClear(x, wasted)) {
                wasted++;
            }
            // pick a type: constant only when it is; verbatim, fixed 0-4 or LPC 1-12 otherwise
            int type;
            int choice = r.nextInt(4);
            if (constant) {
                type = r.nextBoolean() ? 0 : 1;
            } else if (choice == 0) {
                type = 1;
            } else if (choice == 1) {
                type = 8 + r.nextInt(5);
            } else {
                type = 32 + r.nextInt(12);
            }
            out.writeByte(type << 1 | (wasted > 0 ? 1 : 0));
            if (wasted > 0) {
                out.writeByte(wasted);
            }
            if (type == 0 || type == 1) {
                return;
            }
            int order = type >= 32 ? type - 31 : type - 8;
            if (type >= 32) {
                int precision = 12 + r.nextInt(4);
                int shift = 9 + r.nextInt(3);
                out.writeByte(precision - 1);
                out.writeByte(shift);
                // a stable predictor: roughly x[i-1] with small other taps
                for (int j = 0; j < order; j++) {
                    int c = j == 0 ? (1 << shift) - r.nextInt(8) : r.nextInt(9) - 4;
                    out.writeShort(c);
                }
            }
            int partitionOrder = r.nextInt(5);
            while (partitionOrder > 0 && (n % (1 << partitionOrder) != 0 || (n >> partitionOrder) <= order)) {
                partitionOrder--;
            }
            int method = r.nextInt(2);
            out.writeByte(method);
            out.writeByte(partitionOrder);
            int escape = method == 0 ? 15 : 31;
            for (int p = 0; p < 1 << partitionOrder; p++) {
                if (r.nextInt(6) == 0) {
                    out.writeByte(escape);
                    out.writeByte(bits + 5 + r.nextInt(3)); // wide enough for any residual of these predictors
                } else {
                    // large enough that no unary code gets long: residuals stay below 2^(bits+4)
                    out.writeByte(Math.min(escape - 1, bits - 2 + r.nextInt(4)));
                }
            }
        }

        private static boolean lowBitClear(long[] x, int bit) {
            for (long v : x) {
                if ((v & 1L << bit) != 0) {
                    return false;
                }
            }
            return true;
        }

        byte[] form() throws IOException {
            ByteArrayOutputStream h = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(h);
            byte[] meta = streamInfo();
            d.writeLong(0); // file length and checksum: patched below
            d.writeInt(0);
            d.writeInt(meta.length);
            d.write(meta);
            d.writeInt(frameCount);
            frames.writeTo(d);
            d.writeInt(0); // no tail
            return DecodedForm.join(h, samples.toByteArray());
        }

        private byte[] streamInfo() {
            byte[] m = new byte[4 + 4 + 34];
            m[0] = 'f';
            m[1] = 'L';
            m[2] = 'a';
            m[3] = 'C';
            m[4] = (byte) 0x80; // last block, STREAMINFO
            m[7] = 34;
            m[8] = 0;
            m[9] = 16; // min block size 16
            m[10] = (byte) 0xFF;
            m[11] = (byte) 0xFF;
            // sample rate 16000 (20 bits), channels - 1 (3 bits), bits - 1 (5 bits), at byte 18 of the block data
            long v = 16000L << 44 | (long) (channels - 1) << 41 | (long) (bits - 1) << 36;
            for (int i = 0; i < 8; i++) {
                m[8 + 10 + i] = (byte) (v >>> (56 - 8 * i));
            }
            return m;
        }
    }

    @Test
    void framesOfEveryKindFromRandomEncoderChoicesRoundTrip() throws Exception {
        SplittableRandom r = new SplittableRandom(20261126);
        for (int trial = 0; trial < 60; trial++) {
            int bits = r.nextBoolean() ? 16 : 8;
            int channels = 1 + r.nextInt(3);
            FormWriter w = new FormWriter(r, bits, channels);
            int frames = 1 + r.nextInt(4);
            for (int f = 0; f < frames; f++) {
                int assignment = channels == 2 && r.nextBoolean() ? 8 + r.nextInt(3) : channels - 1;
                w.frame(16 + r.nextInt(600), assignment);
            }
            byte[] form = w.form();
            MediaLayout layout = MediaLayout.audio(bits, channels, form.length - w.samples.size()).from(MediaLayout.Source.FLAC);
            // the form's recorded length and checksum are zero, so rebuild refuses the result: take the file from the message-free path
            byte[] file = FlacForm.rebuild(layout, new java.io.DataInputStream(new ByteArrayInputStream(form, 12, layout.offset() - 12)), form);
            String what = "trial " + trial + ": " + bits + "-bit, " + channels + " channels";
            assertArrayEquals(w.samples.toByteArray(), samplesAsJflacInverse(jflac(file), bits), what + ": jflac decodes other samples");
            DecodedForm again = DecodedForm.of(file);
            assertArrayEquals(Arrays.copyOfRange(form, 12, form.length), Arrays.copyOfRange(again.content(), 12, again.content().length),
                    what + ": the parser found other choices or samples");
        }
    }

    private static byte[] samplesAsJflacInverse(byte[] jflacPcm, int bits) {
        byte[] s = jflacPcm.clone();
        if (bits == 8) {
            for (int i = 0; i < s.length; i++) {
                s[i] ^= (byte) 0x80;
            }
        }
        return s;
    }

    @Test
    void aDamagedFormIsReportedAsCorruptedNeverRebuiltWrong() throws Exception {
        DecodedForm form = DecodedForm.of(fixture("stereo-1-ls"));
        SplittableRandom r = new SplittableRandom(3);
        List<Integer> positions = new ArrayList<>();
        for (int trial = 0; trial < 300; trial++) {
            byte[] damaged = form.content().clone();
            int at = trial < 200 ? r.nextInt(form.layout().offset()) : r.nextInt(damaged.length);
            positions.add(at);
            damaged[at] ^= (byte) (1 + r.nextInt(255));
            assertThrows(CorruptedInputException.class, () -> DecodedForm.rebuild(form.layout(), damaged), "byte " + at);
        }
        assertTrue(positions.stream().anyMatch(p -> p > 8500), "damage beyond the padding block");
    }

    @Test
    void unsupportedFlacFilesAreRefusedWithTheReason() throws Exception {
        byte[] file = fixture("fixed-0");
        byte[] wide = file.clone();
        // STREAMINFO bits per sample: 24 (bits 4..0 of byte 20 and bit 7 of byte 21 of the file hold bits - 1)
        int bps = 24 - 1;
        wide[8 + 12] = (byte) ((wide[8 + 12] & 0xFE) | (bps >> 4));
        wide[8 + 13] = (byte) ((wide[8 + 13] & 0x0F) | (bps & 0x0F) << 4);
        String why = assertThrows(NotRebuildableException.class, () -> DecodedForm.of(wide)).getMessage();
        assertTrue(why.contains("24-bit"), why);
        byte[] cut = Arrays.copyOf(file, file.length - 7);
        assertThrows(NotRebuildableException.class, () -> DecodedForm.of(cut));
    }

    @Test
    void aFlacFileBehindAnId3TagIsDecodedAndTheTagKept() throws Exception {
        byte[] flac = fixture("fixed-0");
        byte[] tagBody = new byte[300];
        byte[] title = "TIT2\0\0\0\u0006\0\0\u0003speech".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(title, 0, tagBody, 0, title.length); // the rest is padding
        byte[] tagged = new byte[10 + tagBody.length + flac.length];
        byte[] header = {'I', 'D', '3', 4, 0, 0, 0, 0, (byte) (tagBody.length >> 7), (byte) (tagBody.length & 0x7F)};
        System.arraycopy(header, 0, tagged, 0, 10);
        System.arraycopy(tagBody, 0, tagged, 10, tagBody.length);
        System.arraycopy(flac, 0, tagged, 10 + tagBody.length, flac.length);
        assertTrue(DecodedForm.recognizes(Arrays.copyOf(tagged, 16), 16), "a 16-byte head of a tagged file may be FLAC");
        DecodedForm form = DecodedForm.of(tagged);
        DecodedForm plain = DecodedForm.of(flac);
        assertArrayEquals(Arrays.copyOfRange(plain.content(), plain.layout().offset(), plain.content().length),
                Arrays.copyOfRange(form.content(), form.layout().offset(), form.content().length), "the same samples");
        assertArrayEquals(tagged, DecodedForm.rebuild(form.layout(), form.content()));

        byte[] mp3 = Arrays.copyOf(tagged, 10 + tagBody.length + 4); // an ID3 tag, then not fLaC
        mp3[10 + tagBody.length] = (byte) 0xFF;
        mp3[10 + tagBody.length + 1] = (byte) 0xFB;
        assertTrue(!DecodedForm.recognizes(mp3, mp3.length), "whole file: not FLAC");
        assertThrows(NotRebuildableException.class, () -> DecodedForm.of(mp3));
    }
}
