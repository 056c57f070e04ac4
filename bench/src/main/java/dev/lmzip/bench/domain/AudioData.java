package dev.lmzip.bench.domain;

import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Decoded 16-bit PCM: FLAC through jflac (a FLAC decoder library), WAV through javax.sound.
 *
 * @param sampleRate samples per second per channel
 * @param channels   interleaved channels
 * @param samples    signed 16-bit samples, interleaved
 */
public record AudioData(int sampleRate, int channels, short[] samples) {
    public static AudioData read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            if (name.endsWith(".flac")) {
                return decodeFlac(in, file.toString());
            }
            return decodeWav(in, file.toString());
        }
    }

    /** Decodes a FLAC stream of 16-bit (or 8-bit, widened by a left shift) samples with jflac. */
    public static AudioData decodeFlac(InputStream in, String what) throws IOException {
        Decoded d = decodeFlacRaw(in, what);
        short[] s = new short[d.values.length];
        int shift = 16 - d.bits;
        if (shift < 0) {
            throw new IOException(what + ": " + d.bits + "-bit FLAC is not supported here");
        }
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) (d.values[i] << shift);
        }
        return new AudioData(d.rate, d.channels, s);
    }

    /** A FLAC stream decoded to its signed integer samples (interleaved), whatever its bit depth. */
    record Decoded(int rate, int channels, int bits, int[] values) {
    }

    static Decoded decodeFlacRaw(InputStream in, String what) throws IOException {
        FLACDecoder dec = new FLACDecoder(in);
        StreamInfo info = dec.readStreamInfo();
        if (info == null) {
            throw new IOException(what + ": no FLAC STREAMINFO");
        }
        int ch = info.getChannels();
        int[] out = new int[(int) Math.max(1024, Math.min(info.getTotalSamples() * ch, 1 << 28))];
        int n = 0;
        while (true) {
            Frame f;
            try {
                f = dec.readNextFrame();
            } catch (EOFException e) {
                break;
            }
            if (f == null) {
                break;
            }
            dec.decodeFrame(f, null);
            ChannelData[] cd = dec.getChannelData();
            int block = f.header.blockSize;
            if (n + block * ch > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, n + block * ch));
            }
            for (int i = 0; i < block; i++) {
                for (int c = 0; c < ch; c++) {
                    out[n++] = cd[c].getOutput()[i];
                }
            }
        }
        if (dec.getBadFrames() > 0) {
            throw new IOException(what + ": " + dec.getBadFrames() + " bad FLAC frame(s)");
        }
        if (info.getTotalSamples() > 0 && info.getTotalSamples() * ch != n) {
            throw new IOException(what + ": STREAMINFO says " + info.getTotalSamples() + " samples, decoded " + n / ch);
        }
        return new Decoded(info.getSampleRate(), ch, info.getBitsPerSample(), Arrays.copyOf(out, n));
    }

    /** Decodes a 16-bit PCM WAV file. */
    public static AudioData decodeWav(InputStream in, String what) throws IOException {
        try (AudioInputStream ais = AudioSystem.getAudioInputStream(in)) {
            AudioFormat f = ais.getFormat();
            if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || f.getSampleSizeInBits() != 16) {
                throw new IOException(what + ": only 16-bit signed PCM WAV is supported, not " + f);
            }
            byte[] b = ais.readAllBytes();
            short[] s = new short[b.length / 2];
            boolean big = f.isBigEndian();
            for (int i = 0; i < s.length; i++) {
                int lo = b[2 * i + (big ? 1 : 0)] & 0xFF;
                int hi = b[2 * i + (big ? 0 : 1)];
                s[i] = (short) (hi << 8 | lo);
            }
            return new AudioData((int) f.getSampleRate(), f.getChannels(), s);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
    }

    /** The samples as 16-bit signed little-endian bytes (a WAV file's data chunk). */
    public byte[] pcm16() {
        byte[] b = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            b[2 * i] = (byte) samples[i];
            b[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return b;
    }

    /**
     * The paper's 8-bit audio: the top (most significant) byte of each signed 16-bit sample, kept
     * in two's complement (one signed 8-bit sample per byte).
     */
    public byte[] pcm8() {
        return to8bit(samples);
    }

    public static byte[] to8bit(short[] samples) {
        byte[] b = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            b[i] = (byte) (samples[i] >> 8);
        }
        return b;
    }

    public Layout.Pcm layout16() {
        return new Layout.Pcm(16, channels, sampleRate);
    }

    public Layout.Pcm layout8() {
        return new Layout.Pcm(8, channels, sampleRate);
    }

    static AudioData fromPcm16(byte[] pcm, int rate, int channels) {
        short[] s = new short[pcm.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) ((pcm[2 * i + 1] << 8) | (pcm[2 * i] & 0xFF));
        }
        return new AudioData(rate, channels, s);
    }

    static ByteArrayInputStream stream(byte[] b) {
        return new ByteArrayInputStream(b);
    }
}
