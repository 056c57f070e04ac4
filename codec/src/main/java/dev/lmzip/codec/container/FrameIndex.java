package dev.lmzip.codec.container;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.MemoryLimitException;
import dev.lmzip.codec.TruncatedInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Where every frame of a file starts, in the file and in the content (docs/format.md, "Frame
 * index"): read from the index at the end of a version-2 file, or found by walking the frame
 * headers of a file without one. Either way every entry is checked against the header limits,
 * the end frame and the file size before it is used.
 */
public final class FrameIndex {
    /** First bytes of the index, right after the end frame. */
    public static final byte[] MAGIC = {(byte) 0x89, 'L', 'M', 'I'};
    /** Last bytes of an indexed file. */
    public static final byte[] TRAILER_MAGIC = {(byte) 0x89, 'L', 'M', 'T'};
    public static final int ENTRY_SIZE = 16;
    public static final int TRAILER_SIZE = 16;
    /** Index bytes besides the entries: magic and trailer. */
    public static final int FIXED_SIZE = MAGIC.length + TRAILER_SIZE;
    /** More frames than this are refused by random-access readers (arrays of longs). */
    public static final long MAX_FRAMES = Integer.MAX_VALUE - 16;

    private final FileHeader header;
    private final int headerSize;
    /** n + 1 values: frame offsets in the file, then the end frame's offset. */
    private final long[] frameOffsets;
    /** n + 1 values: raw offsets, then the total length. */
    private final long[] rawOffsets;
    private final EndFrame end;
    private final boolean stored;
    private final long fileSize;

    private FrameIndex(FileHeader header, long[] frameOffsets, long[] rawOffsets, EndFrame end, boolean stored,
                       long fileSize) {
        this.header = header;
        this.headerSize = header.size();
        this.frameOffsets = frameOffsets;
        this.rawOffsets = rawOffsets;
        this.end = end;
        this.stored = stored;
        this.fileSize = fileSize;
    }

    public FileHeader header() {
        return header;
    }

    public int frameCount() {
        return frameOffsets.length - 1;
    }

    /** Offset of frame {@code i}'s header in the file; {@code i == frameCount()} gives the end frame's. */
    public long frameOffset(int i) {
        return frameOffsets[i];
    }

    /** Offset of frame {@code i}'s first byte in the content; {@code i == frameCount()} gives the total length. */
    public long rawOffset(int i) {
        return rawOffsets[i];
    }

    public int rawLength(int i) {
        return (int) (rawOffsets[i + 1] - rawOffsets[i]);
    }

    /** Bytes of frame {@code i} in the file, header included. */
    public int frameSize(int i) {
        return (int) (frameOffsets[i + 1] - frameOffsets[i]);
    }

    public long totalLength() {
        return rawOffsets[rawOffsets.length - 1];
    }

    public long endFrameOffset() {
        return frameOffsets[frameOffsets.length - 1];
    }

    public EndFrame endFrame() {
        return end;
    }

    public long fileSize() {
        return fileSize;
    }

    /** True when the file carries an index; false when it was found by walking the frame headers. */
    public boolean fromFile() {
        return stored;
    }

    /** The frame that holds content byte {@code rawPosition} ({@code 0 <= rawPosition < totalLength()}). */
    public int frameAt(long rawPosition) {
        if (rawPosition < 0 || rawPosition >= totalLength()) {
            throw new IndexOutOfBoundsException("offset " + rawPosition + " outside [0, " + totalLength() + ")");
        }
        int i = Arrays.binarySearch(rawOffsets, 0, frameCount(), rawPosition);
        return i >= 0 ? i : -i - 2;
    }

    /** The first frame whose header starts at or after {@code fileOffset}; {@code frameCount()} when none does. */
    public int firstFrameAtOrAfter(long fileOffset) {
        int i = Arrays.binarySearch(frameOffsets, 0, frameCount(), fileOffset);
        return i >= 0 ? i : -i - 1;
    }

    // ---- writing ----

    /**
     * Writes the index of frames at {@code frameOffsets[0, n)} / {@code rawOffsets[0, n)}; it goes
     * right after the end frame.
     */
    public static void write(OutputStream out, long[] frameOffsets, long[] rawOffsets, int n) throws IOException {
        CRC32C crc = new CRC32C();
        out.write(MAGIC);
        crc.update(MAGIC);
        byte[] chunk = new byte[ENTRY_SIZE * 256];
        int used = 0;
        for (int i = 0; i < n; i++) {
            Wire.putU64(chunk, used, frameOffsets[i]);
            Wire.putU64(chunk, used + 8, rawOffsets[i]);
            used += ENTRY_SIZE;
            if (used == chunk.length || i == n - 1) {
                out.write(chunk, 0, used);
                crc.update(chunk, 0, used);
                used = 0;
            }
        }
        out.write(trailer(n, crc.getValue()));
    }

    static byte[] trailer(long frameCount, long indexChecksum) {
        byte[] t = new byte[TRAILER_SIZE];
        Wire.putU32(t, 0, frameCount);
        Wire.putU32(t, 4, indexChecksum);
        Wire.putU32(t, 8, Wire.crc32c(t, 0, 8));
        System.arraycopy(TRAILER_MAGIC, 0, t, 12, 4);
        return t;
    }

    /** Bytes of the index of {@code frameCount} frames. */
    public static long size(long frameCount) {
        return FIXED_SIZE + ENTRY_SIZE * frameCount;
    }

    // ---- reading ----

    /**
     * Reads the header and the frame index of a whole file: from its index when it has one (one
     * read from the end), else by walking the frame headers (one small read per frame, no decoding).
     *
     * @param maxFrameSize refuse files whose frames may be larger (a memory limit)
     */
    public static FrameIndex read(RandomAccessInput in, int maxFrameSize) throws IOException {
        FileHeader header = FileHeader.read(in.stream(0));
        if (header.frameSize() > maxFrameSize) {
            throw new MemoryLimitException("frame size " + header.frameSize() + " bytes exceeds the limit of "
                    + maxFrameSize + " bytes");
        }
        long size = in.size();
        int hs = header.size();
        if (size < hs + EndFrame.SIZE) {
            throw new TruncatedInputException("truncated input: no end frame");
        }
        if (header.mayHaveIndex() && size >= hs + EndFrame.SIZE + FIXED_SIZE) {
            byte[] t = in.readFully(size - TRAILER_SIZE, TRAILER_SIZE, "index trailer");
            if (Arrays.equals(t, 12, 16, TRAILER_MAGIC, 0, 4)) {
                return readStored(in, header, size, t);
            }
        }
        return scan(in, header, size);
    }

    private static FrameIndex readStored(RandomAccessInput in, FileHeader header, long size, byte[] t)
            throws IOException {
        if (Wire.u32(t, 8) != Wire.crc32c(t, 0, 8)) {
            throw new CorruptedInputException("corrupted index: checksum mismatch in the index trailer");
        }
        long n = Wire.u32(t, 0);
        long indexSize = size(n);
        long endOffset = size - indexSize - EndFrame.SIZE;
        // every frame takes at least 18 bytes of the file: a lying count cannot size an allocation
        if (endOffset < header.size() || n * (Frame.HEADER_SIZE + 1) > endOffset - header.size()) {
            throw new CorruptedInputException("corrupted index: " + n + " frames cannot fit in " + size + " bytes");
        }
        if (n > MAX_FRAMES) {
            throw new MemoryLimitException("too many frames for random access: " + n);
        }
        byte[] entries = in.readFully(size - indexSize, (int) (indexSize - TRAILER_SIZE), "index");
        if (!Arrays.equals(entries, 0, 4, MAGIC, 0, 4)) {
            throw new CorruptedInputException("corrupted index: bad index magic bytes");
        }
        if (Wire.crc32c(entries, 0, entries.length) != Wire.u32(t, 4)) {
            throw new CorruptedInputException("corrupted index: checksum mismatch");
        }
        EndFrame end = readEnd(in, endOffset);
        if (end.frameCount() != n) {
            throw new CorruptedInputException("corrupted index: " + n + " entries, the end frame says "
                    + end.frameCount() + " frames");
        }
        long[] fo = new long[(int) n + 1];
        long[] ro = new long[(int) n + 1];
        for (int i = 0; i < n; i++) {
            fo[i] = Wire.u64(entries, 4 + ENTRY_SIZE * i);
            ro[i] = Wire.u64(entries, 4 + ENTRY_SIZE * i + 8);
        }
        fo[(int) n] = endOffset;
        ro[(int) n] = end.totalLength();
        FrameIndex index = new FrameIndex(header, fo, ro, end, true, size);
        index.check();
        return index;
    }

    /** Every frame within the limits, in order, without gaps, ending at the end frame. */
    private void check() throws CorruptedInputException {
        int n = frameCount();
        if (n > 0 && frameOffsets[0] != headerSize) {
            throw new CorruptedInputException("corrupted index: the first frame does not follow the header");
        }
        if (n == 0 && (endFrameOffset() != headerSize || totalLength() != 0)) {
            throw new CorruptedInputException("corrupted index: no frames, but content or bytes before the end frame");
        }
        if (rawOffsets[0] != 0) {
            throw new CorruptedInputException("corrupted index: the first frame does not start the content");
        }
        for (int i = 0; i < n; i++) {
            long coded = frameOffsets[i + 1] - frameOffsets[i];
            long raw = rawOffsets[i + 1] - rawOffsets[i];
            if (raw < 1 || raw > header.frameSize() || coded < Frame.HEADER_SIZE + 1
                    || coded > Frame.HEADER_SIZE + (long) header.frameSize()) {
                throw new CorruptedInputException("corrupted index: entry " + i + " (" + raw + " raw bytes in "
                        + coded + " bytes)");
            }
        }
    }

    private static EndFrame readEnd(RandomAccessInput in, long offset) throws IOException {
        byte[] h = in.readFully(offset, EndFrame.SIZE, "end frame");
        if (h[0] != Method.END.code || Wire.u32(h, 17) != Wire.crc32c(h, 0, 17)) {
            throw new CorruptedInputException("corrupted input: no valid end frame at offset " + offset);
        }
        return new EndFrame(Wire.u32(h, 1), Wire.u64(h, 5), Wire.u32(h, 13));
    }

    /** Walks the frame headers of a file without an index. */
    private static FrameIndex scan(RandomAccessInput in, FileHeader header, long size) throws IOException {
        long[] fo = new long[16];
        long[] ro = new long[16];
        int n = 0;
        long pos = header.size();
        long raw = 0;
        byte[] h = new byte[Frame.HEADER_SIZE];
        while (true) {
            if (n + 1 >= fo.length) {
                if (n >= MAX_FRAMES) {
                    throw new MemoryLimitException("too many frames for random access");
                }
                fo = Arrays.copyOf(fo, (int) Math.min(MAX_FRAMES + 1, fo.length * 2L));
                ro = Arrays.copyOf(ro, fo.length);
            }
            int first = in.read(pos, h, 0, 1);
            if (first < 0) {
                throw new TruncatedInputException("truncated input: no end frame after " + n + " frames");
            }
            if (h[0] == Method.END.code) {
                EndFrame end = readEnd(in, pos);
                if (end.frameCount() != n || end.totalLength() != raw) {
                    throw new CorruptedInputException("corrupted input: end frame says " + end.frameCount()
                            + " frames / " + end.totalLength() + " bytes, found " + n + " / " + raw);
                }
                if (pos + EndFrame.SIZE != size) {
                    throw new CorruptedInputException(header.mayHaveIndex()
                            ? "corrupted input: bytes after the end frame that are not a valid index"
                            : "corrupted input: bytes after the end frame");
                }
                fo[n] = pos;
                ro[n] = raw;
                return new FrameIndex(header, Arrays.copyOf(fo, n + 1), Arrays.copyOf(ro, n + 1), end, false, size);
            }
            in.readFully(pos, h, 0, Frame.HEADER_SIZE, "frame header");
            long[] lengths = ContainerReader.checkFrameHeader(h, header, n);
            fo[n] = pos;
            ro[n] = raw;
            n++;
            pos += Frame.HEADER_SIZE + lengths[1];
            raw += lengths[0];
        }
    }

    /**
     * Reads and checks frame {@code i} (header against the index, payload present); decoding and
     * the raw checksum are the caller's.
     */
    public Frame readFrame(RandomAccessInput in, int i) throws IOException {
        byte[] b = in.readFully(frameOffsets[i], frameSize(i), "frame " + i);
        byte[] h = Arrays.copyOf(b, Frame.HEADER_SIZE);
        long[] lengths = ContainerReader.checkFrameHeader(h, header, i);
        if (lengths[0] != rawLength(i) || Frame.HEADER_SIZE + lengths[1] != frameSize(i)) {
            throw new CorruptedInputException("corrupted input: frame " + i + " does not match the "
                    + (stored ? "index" : "frame headers"));
        }
        byte[] payload = Arrays.copyOfRange(b, Frame.HEADER_SIZE, b.length);
        return new Frame(Method.dataMethod(h[0]), (int) lengths[0], payload,
                Wire.u32(h, 9));
    }
}
