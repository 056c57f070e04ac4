package dev.lmzip.codec.container;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorBatch;
import dev.lmzip.codec.predict.Symbolizer;
import dev.lmzip.codec.rangecoder.Distribution;
import dev.lmzip.codec.rangecoder.RangeDecoder;
import dev.lmzip.codec.rangecoder.RangeEncoder;

import java.util.zip.CRC32C;

/**
 * Codes a group of frames with one {@link PredictorBatch}: all lanes advance one symbol per step
 * in lock step, as the batched language model wants. Picks stored over coded when coding does not
 * shrink a frame.
 */
public final class FrameCoder {
    /** Raw bytes after which a frame that has not shrunk at all is stored without coding the rest. */
    static final int GIVE_UP_AFTER = 8192;
    private final Predictor predictor;
    private final Symbolizer symbolizer;

    public FrameCoder(Predictor predictor) {
        this.predictor = predictor;
        this.symbolizer = predictor.symbolizer();
    }

    /** A frame's raw bytes: {@code data[off, off + len)}. */
    public record Raw(byte[] data, int off, int len) {
    }

    /** Encodes {@code raws[i]} into frames, one lane each. {@code raws.length <= batch.lanes()}. */
    public Frame[] encode(PredictorBatch batch, Raw[] raws) {
        int n = raws.length;
        Symbolizer.SymbolCursor[] cursors = new Symbolizer.SymbolCursor[n];
        RangeEncoder[] encoders = new RangeEncoder[n];
        int[] active = new int[n];
        int count = 0;
        for (int lane = 0; lane < n; lane++) {
            Raw r = raws[lane];
            batch.reset(lane, r.len());
            cursors[lane] = symbolizer.symbolize(r.data(), r.off(), r.len());
            encoders[lane] = new RangeEncoder(r.len() / 2 + 16);
            if (cursors[lane].hasNext()) {
                active[count++] = lane;
            }
        }
        Distribution[] tables = new Distribution[batch.lanes()];
        int[] symbols = new int[batch.lanes()];
        boolean[] gaveUp = new boolean[n];
        while (count > 0) {
            batch.predict(active, count, tables);
            for (int i = 0; i < count; i++) {
                int lane = active[i];
                int s = cursors[lane].next();
                symbols[lane] = s;
                encoders[lane].encode(tables[lane], s);
            }
            batch.update(active, count, symbols);
            int kept = 0;
            for (int i = 0; i < count; i++) {
                int lane = active[i];
                long coded = encoders[lane].bytesSoFar();
                long consumed = cursors[lane].bytesConsumed();
                if (coded >= raws[lane].len() || (consumed >= GIVE_UP_AFTER && coded >= consumed)) {
                    // no gain so far (or none possible): store it and stop spending model time on it
                    gaveUp[lane] = true;
                } else if (cursors[lane].hasNext()) {
                    active[kept++] = lane;
                }
            }
            count = kept;
        }
        Frame[] frames = new Frame[n];
        for (int lane = 0; lane < n; lane++) {
            Raw r = raws[lane];
            long crc = crc(r.data(), r.off(), r.len());
            byte[] coded = gaveUp[lane] ? null : encoders[lane].finish();
            if (coded != null && coded.length >= 1 && coded.length < r.len()) {
                frames[lane] = new Frame(Method.CODED, r.len(), coded, crc);
            } else {
                byte[] copy = java.util.Arrays.copyOfRange(r.data(), r.off(), r.off() + r.len());
                frames[lane] = new Frame(Method.STORED, r.len(), copy, crc);
            }
        }
        return frames;
    }

    /**
     * Decodes frames (coded or stored) into {@code out[i]} (each exactly {@code rawLength} long)
     * and checks each frame's raw checksum.
     */
    public void decode(PredictorBatch batch, Frame[] frames, byte[][] out, long firstFrameIndex)
            throws CorruptedInputException {
        int n = frames.length;
        RangeDecoder[] decoders = new RangeDecoder[n];
        Symbolizer.SymbolSink[] sinks = new Symbolizer.SymbolSink[n];
        int[] active = new int[n];
        int count = 0;
        for (int lane = 0; lane < n; lane++) {
            Frame f = frames[lane];
            if (f.method() == Method.STORED) {
                System.arraycopy(f.payload(), 0, out[lane], 0, f.rawLength());
                continue;
            }
            batch.reset(lane, f.rawLength());
            decoders[lane] = new RangeDecoder(f.payload(), 0, f.payload().length);
            sinks[lane] = symbolizer.newSink(out[lane], 0, f.rawLength());
            active[count++] = lane;
        }
        Distribution[] tables = new Distribution[batch.lanes()];
        int[] symbols = new int[batch.lanes()];
        while (count > 0) {
            batch.predict(active, count, tables);
            for (int i = 0; i < count; i++) {
                int lane = active[i];
                int s = decoders[lane].decode(tables[lane]);
                sinks[lane].accept(s);
                symbols[lane] = s;
            }
            batch.update(active, count, symbols);
            int kept = 0;
            for (int i = 0; i < count; i++) {
                int lane = active[i];
                if (sinks[lane].full()) {
                    decoders[lane].finish();
                } else {
                    active[kept++] = lane;
                }
            }
            count = kept;
        }
        for (int lane = 0; lane < n; lane++) {
            Frame f = frames[lane];
            if (crc(out[lane], 0, f.rawLength()) != f.rawChecksum()) {
                throw new CorruptedInputException("corrupted input: checksum mismatch in frame " + (firstFrameIndex + lane));
            }
        }
    }

    static long crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return c.getValue();
    }

    public Predictor predictor() {
        return predictor;
    }
}
