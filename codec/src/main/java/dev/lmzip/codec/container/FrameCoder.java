package dev.lmzip.codec.container;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.bytemodel.ByteContextModel;
import dev.lmzip.codec.bytemodel.ByteModel2;
import dev.lmzip.codec.predict.Predictor;
import dev.lmzip.codec.predict.PredictorBatch;
import dev.lmzip.codec.predict.Symbolizer;
import dev.lmzip.codec.rangecoder.Distribution;
import dev.lmzip.codec.rangecoder.RangeDecoder;
import dev.lmzip.codec.rangecoder.RangeEncoder;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Codes a group of frames with one {@link PredictorBatch}: all lanes advance one symbol per step
 * in lock step, as the batched language model wants. For each frame it keeps the smallest of: coded
 * by the file's predictor, coded by the second built-in byte model (when the fallback is on and the
 * predictor is another one; see {@link Predictor#fallbackAfter} for when it runs), stored.
 */
public final class FrameCoder {
    /** Raw bytes after which a frame that has not shrunk at all is stored without coding the rest. */
    static final int GIVE_UP_AFTER = 8192;
    /** Coded sizes are recorded after every this many raw bytes (for {@link #notAheadOnIncompressible}). */
    static final int CHECKPOINT = 4096;
    private final Predictor predictor;
    private final Symbolizer symbolizer;
    /** The byte model of {@link Method#BYTES} frames (files before 2026-11-26): decodes them. */
    private final ByteContextModel bytes = new ByteContextModel();
    private final ThreadLocal<PredictorBatch> bytesBatch = ThreadLocal.withInitial(() -> bytes.newBatch(1));
    /** The byte model of {@link Method#BYTES2} frames: decodes them, and encodes them when the fallback is on. */
    private final ByteModel2 bytes2 = new ByteModel2();
    private final ThreadLocal<PredictorBatch> bytes2Batch = ThreadLocal.withInitial(() -> bytes2.newBatch(1));
    private final boolean tryBytes;

    public FrameCoder(Predictor predictor) {
        this(predictor, false);
    }

    /**
     * @param fallback also code every frame with the built-in byte model and keep it when smaller
     *                 (ignored when the predictor is the byte model itself)
     */
    public FrameCoder(Predictor predictor, boolean fallback) {
        this.predictor = predictor;
        this.symbolizer = predictor.symbolizer();
        this.tryBytes = fallback && !ByteContextModel.ID.equals(predictor.id()) && !ByteModel2.ID.equals(predictor.id());
    }

    /** A frame's raw bytes: {@code data[off, off + len)}. */
    public record Raw(byte[] data, int off, int len) {
    }

    /** Encodes {@code raws[i]} into frames, one lane each. {@code raws.length <= batch.lanes()}. */
    public Frame[] encode(PredictorBatch batch, Raw[] raws) {
        // the byte model first (it is fast): its size is the budget the slow predictor must beat
        byte[][] alts = new byte[raws.length][];
        boolean after = predictor.fallbackAfter();
        long[] rivals = null; // the byte model's sizes and progress, when it runs first
        long[][] progress = null;
        if (tryBytes && !after) {
            rivals = new long[raws.length];
            progress = new long[raws.length][];
            for (int lane = 0; lane < raws.length; lane++) {
                long[][] p = new long[1][];
                alts[lane] = encodeLanes(bytes2.symbolizer(), bytes2Batch.get(), new Raw[] {raws[lane]}, null, null, p)[0];
                // a frame the byte model cannot shrink is stored: that size is the one to beat
                rivals[lane] = alts[lane] != null ? alts[lane].length : raws[lane].len();
                progress[lane] = p[0];
            }
        }
        byte[][] coded = encodeLanes(symbolizer, batch, raws, rivals, progress, null);
        if (tryBytes && after) {
            for (int lane = 0; lane < raws.length; lane++) {
                long c = coded[lane] == null ? Long.MAX_VALUE : coded[lane].length;
                if (c * 8 > raws[lane].len() * 5L || c * 4 < raws[lane].len()) {
                    alts[lane] = encodeLanes(bytes2.symbolizer(), bytes2Batch.get(), new Raw[] {raws[lane]}, null, null, null)[0];
                }
            }
        }
        Frame[] frames = new Frame[raws.length];
        for (int lane = 0; lane < raws.length; lane++) {
            Raw r = raws[lane];
            long crc = crc(r.data(), r.off(), r.len());
            Method method = Method.CODED;
            byte[] best = coded[lane];
            byte[] alt = alts[lane];
            if (alt != null && (best == null || alt.length < best.length)) {
                best = alt;
                method = Method.BYTES2;
            }
            if (best != null && best.length >= 1 && best.length < r.len()) {
                frames[lane] = new Frame(method, r.len(), best, crc);
            } else {
                frames[lane] = new Frame(Method.STORED, r.len(), Arrays.copyOfRange(r.data(), r.off(), r.off() + r.len()), crc);
            }
        }
        return frames;
    }

    /**
     * True when a lane's coder is so far behind the byte model's whole-frame size, pro rata, that
     * finishing it is a waste (binary data under a text model): more than 25 % plus 256 bytes
     * above it after {@link #GIVE_UP_AFTER} bytes. Only the encoder decides this; the frame is then
     * coded by the byte model, which the method byte records.
     */
    public static boolean behindRival(long coded, long consumed, long frameLength, long rival) {
        if (rival == Long.MAX_VALUE || consumed < GIVE_UP_AFTER) {
            return false;
        }
        double expected = (double) rival * consumed / frameLength;
        return coded > expected * 1.25 + 256;
    }

    /**
     * True when the rest of a frame is data the byte model could not compress (it needed at least 97 %
     * of those bytes: compressed or random data) and the last two checkpoints' bytes cost this coder no
     * less than 98 % of what they cost the byte model: the slower coder finds nothing there that the
     * byte model does not, and nothing it could do better lies ahead, so finishing it is a waste (a PNG
     * file's deflate stream under the language model: chelsea.png 57 s → 12 s, the same bytes).
     * {@code own[i]} and {@code rival[i]} are the coded sizes after {@code (i + 1) · CHECKPOINT} bytes,
     * {@code k} checkpoints are passed, {@code rivalSize} is the byte model's size of the whole frame
     * (its length when it stored it). When the byte model gave up before checkpoint {@code k}, what
     * follows is unknown and nothing is cut short; nor when this coder is ahead of the byte model so
     * far by more than 1/400 of the frame (alice29.txt followed by chelsea.png: 272,095 bytes either
     * way, where cutting short would give the frame to the byte model at 278,657).
     */
    public static boolean notAheadOnIncompressible(long[] own, int k, long[] rival, long rivalSize, long frameLength) {
        long rest = frameLength - (long) k * CHECKPOINT;
        if (rival == null || k < 3 || k > rival.length || rivalSize == Long.MAX_VALUE || rest <= 0
                || (rivalSize - rival[k - 1]) * 100 < rest * 97) {
            return false;
        }
        // giving up hands the whole frame to the byte model: never when this coder's lead so far (text
        // before the compressed data, say) is worth more than 1/400 of the frame
        if ((rival[k - 1] - own[k - 1]) * 400 > frameLength) {
            return false;
        }
        long ownCost = own[k - 1] - own[k - 3];
        long rivalCost = rival[k - 1] - rival[k - 3];
        return ownCost * 100 >= rivalCost * 98;
    }

    /**
     * Payloads of each lane coded with {@code batch}; null for a lane that did not shrink (it will be stored).
     * {@code rivals}/{@code rivalProgress}: the byte model's results, for giving up early (both null or neither);
     * {@code progressOut}: where to record this coder's size at each checkpoint (one lane; may be null).
     */
    private static byte[][] encodeLanes(Symbolizer symbolizer, PredictorBatch batch, Raw[] raws, long[] rivals,
                                        long[][] rivalProgress, long[][] progressOut) {
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
        // coded sizes at checkpoints: for the caller, or to compare with the byte model's
        boolean record = progressOut != null || rivalProgress != null;
        long[][] progress = new long[n][];
        int[] checkpoints = new int[n];
        for (int lane = 0; lane < n; lane++) {
            progress[lane] = new long[record ? raws[lane].len() / CHECKPOINT : 0];
        }
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
                boolean checkpoint = false;
                long[] own = progress[lane];
                while (checkpoints[lane] < own.length && consumed >= (long) (checkpoints[lane] + 1) * CHECKPOINT) {
                    own[checkpoints[lane]++] = coded;
                    checkpoint = true;
                }
                if (coded >= raws[lane].len() || (consumed >= GIVE_UP_AFTER && coded >= consumed)
                        || (rivals != null && behindRival(coded, consumed, raws[lane].len(), rivals[lane]))
                        || (checkpoint && rivalProgress != null && notAheadOnIncompressible(own, checkpoints[lane],
                                rivalProgress[lane], rivals[lane], raws[lane].len()))) {
                    // no gain so far (or none possible): stop spending model time on it
                    gaveUp[lane] = true;
                } else if (cursors[lane].hasNext()) {
                    active[kept++] = lane;
                }
            }
            count = kept;
        }
        byte[][] out = new byte[n][];
        for (int lane = 0; lane < n; lane++) {
            out[lane] = gaveUp[lane] ? null : encoders[lane].finish();
        }
        if (progressOut != null) {
            progressOut[0] = Arrays.copyOf(progress[0], checkpoints[0]);
        }
        return out;
    }

    /**
     * Decodes frames (any method) into {@code out[i]} (each exactly {@code rawLength} long) and
     * checks each frame's raw checksum.
     */
    public void decode(PredictorBatch batch, Frame[] frames, byte[][] out, long firstFrameIndex)
            throws CorruptedInputException {
        int n = frames.length;
        boolean[] mine = new boolean[n];
        for (int lane = 0; lane < n; lane++) {
            Frame f = frames[lane];
            switch (f.method()) {
                case STORED -> System.arraycopy(f.payload(), 0, out[lane], 0, f.rawLength());
                case BYTES -> decodeLanes(bytes.symbolizer(), bytesBatch.get(), new Frame[] {f}, new byte[][] {out[lane]},
                        new boolean[] {true});
                case BYTES2 -> decodeLanes(bytes2.symbolizer(), bytes2Batch.get(), new Frame[] {f}, new byte[][] {out[lane]},
                        new boolean[] {true});
                default -> mine[lane] = true;
            }
        }
        decodeLanes(symbolizer, batch, frames, out, mine);
        for (int lane = 0; lane < n; lane++) {
            Frame f = frames[lane];
            if (crc(out[lane], 0, f.rawLength()) != f.rawChecksum()) {
                throw new CorruptedInputException("corrupted input: checksum mismatch in frame " + (firstFrameIndex + lane));
            }
        }
    }

    private static void decodeLanes(Symbolizer symbolizer, PredictorBatch batch, Frame[] frames, byte[][] out,
                                    boolean[] which) throws CorruptedInputException {
        int n = frames.length;
        RangeDecoder[] decoders = new RangeDecoder[n];
        Symbolizer.SymbolSink[] sinks = new Symbolizer.SymbolSink[n];
        int[] active = new int[n];
        int count = 0;
        for (int lane = 0; lane < n; lane++) {
            if (!which[lane]) {
                continue;
            }
            Frame f = frames[lane];
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
