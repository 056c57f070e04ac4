package dev.lmzip.bench.domain;

import net.sourceforge.javaflacencoder.EncodingConfiguration;
import net.sourceforge.javaflacencoder.FLACEncoder;
import net.sourceforge.javaflacencoder.FLACStreamOutputStream;
import net.sourceforge.javaflacencoder.StreamConfiguration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * FLAC in pure Java: encoded with java-flac-encoder (0.3.7) at its strongest settings (4096-sample
 * blocks as {@code flac -8}, exhaustive subframe search, LPC order up to 12; it has no Rice
 * partitioning, so it is weaker than libFLAC's {@code -8}), decoded with jflac for the round trip.
 */
public final class FlacJavaCodec implements MediaCodec {
    static final int BLOCK = 4096;

    @Override
    public String name() {
        return "FLAC (java-flac-encoder, max)";
    }

    @Override
    public boolean applies(Unit unit) {
        return FlacSamples.applies(unit);
    }

    @Override
    public byte[] compress(Unit unit) throws IOException {
        FlacSamples s = FlacSamples.of(unit);
        ByteArrayOutputStream bos = new ByteArrayOutputStream(unit.data().length / 2 + 128);
        FLACEncoder enc = new FLACEncoder();
        StreamConfiguration sc = new StreamConfiguration(s.channels(), StreamConfiguration.MIN_BLOCK_SIZE, BLOCK,
                s.sampleRate(), s.bits());
        EncodingConfiguration ec = new EncodingConfiguration();
        ec.setSubframeType(EncodingConfiguration.SubframeType.EXHAUSTIVE);
        ec.setMaxLPCOrder(12);
        ec.setChannelConfig(s.channels() == 2 ? EncodingConfiguration.ChannelConfig.EXHAUSTIVE
                : EncodingConfiguration.ChannelConfig.INDEPENDENT);
        if (!enc.setStreamConfiguration(sc) || !enc.setEncodingConfiguration(ec)) {
            throw new IOException("java-flac-encoder refused the configuration " + s.bits() + " bits, " + s.channels() + " ch");
        }
        FLACStreamOutputStream out = new FLACStreamOutputStream(bos);
        enc.setOutputStream(out);
        enc.openFLACStream();
        int frames = s.values().length / s.channels();
        enc.addSamples(s.values(), frames);
        enc.encodeSamples(frames, true);
        out.close();
        return bos.toByteArray();
    }

    @Override
    public byte[] decompress(byte[] packed, Unit unit) throws IOException {
        AudioData.Decoded d = AudioData.decodeFlacRaw(new ByteArrayInputStream(packed), "FLAC");
        return FlacSamples.toBytes(d.values(), unit);
    }
}
