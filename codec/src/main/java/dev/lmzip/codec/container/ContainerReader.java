package dev.lmzip.codec.container;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.MemoryLimitException;
import dev.lmzip.codec.TruncatedInputException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads the structures of a container in order, checking every field before it sizes an
 * allocation. Returns {@link Frame}s, then one {@link EndFrame}; decoding payloads is not its job.
 * A version-2 frame index after the end frame is read in constant memory and checked against the
 * frames that were actually read.
 */
public final class ContainerReader {
    private final InputStream in;
    private final FileHeader header;
    private final int maxFrameSize;
    private long framesRead;
    private long rawBytes;
    /** Offset in the file of the next structure. */
    private long position;
    /** CRC32C of the index these frames must have, built while reading them. */
    private final CRC32C expectedIndex = new CRC32C();
    private boolean ended;
    private boolean hasIndex;

    /**
     * @param maxFrameSize refuse files whose frames may be larger (a memory limit)
     */
    public ContainerReader(InputStream in, int maxFrameSize) throws IOException {
        this.in = in;
        this.header = FileHeader.read(in);
        this.maxFrameSize = maxFrameSize;
        if (header.frameSize() > maxFrameSize) {
            throw new MemoryLimitException("frame size " + header.frameSize() + " bytes exceeds the limit of "
                    + maxFrameSize + " bytes");
        }
        this.position = header.size();
        expectedIndex.update(FrameIndex.MAGIC);
    }

    public FileHeader header() {
        return header;
    }

    /** The next frame, or null after the end frame was read (see {@link #end()}). */
    public Frame nextFrame() throws IOException {
        if (ended) {
            return null;
        }
        int first = in.read();
        if (first < 0) {
            throw new TruncatedInputException("truncated input: no end frame after " + framesRead + " frames");
        }
        if (first == Method.END.code) {
            readEnd();
            return null;
        }
        if (Method.dataMethod(first) == null) {
            throw new CorruptedInputException("corrupted input: unknown frame method " + first + " at frame " + framesRead);
        }
        byte[] rest = Wire.readExactly(in, Frame.HEADER_SIZE - 1, "frame header");
        byte[] h = new byte[Frame.HEADER_SIZE];
        h[0] = (byte) first;
        System.arraycopy(rest, 0, h, 1, rest.length);
        long[] lengths = checkFrameHeader(h, header, framesRead);
        long rawLength = lengths[0];
        long codedLength = lengths[1];
        byte[] payload = Wire.readExactly(in, (int) codedLength, "payload of frame " + framesRead);
        byte[] entry = new byte[FrameIndex.ENTRY_SIZE];
        Wire.putU64(entry, 0, position);
        Wire.putU64(entry, 8, rawBytes);
        expectedIndex.update(entry);
        framesRead++;
        rawBytes += rawLength;
        position += Frame.HEADER_SIZE + codedLength;
        return new Frame(Method.dataMethod(first), (int) rawLength, payload, Wire.u32(h, 9));
    }

    /**
     * Checks a 17-byte frame header (checksum, method, lengths within the header's limits) and
     * returns {rawLength, codedLength}.
     */
    static long[] checkFrameHeader(byte[] h, FileHeader header, long frameNumber) throws CorruptedInputException {
        int method = h[0] & 0xFF;
        if (Method.dataMethod(method) == null) {
            throw new CorruptedInputException("corrupted input: unknown frame method " + method + " at frame "
                    + frameNumber);
        }
        if (Wire.u32(h, 13) != Wire.crc32c(h, 0, 13)) {
            throw new CorruptedInputException("corrupted input: checksum mismatch in header of frame " + frameNumber);
        }
        long rawLength = Wire.u32(h, 1);
        long codedLength = Wire.u32(h, 5);
        if (rawLength < 1 || rawLength > header.frameSize()) {
            throw new CorruptedInputException("corrupted input: frame " + frameNumber + " raw length " + rawLength);
        }
        boolean stored = method == Method.STORED.code;
        if (stored ? codedLength != rawLength : codedLength < 1 || codedLength >= rawLength) {
            throw new CorruptedInputException("corrupted input: frame " + frameNumber + " coded length " + codedLength);
        }
        return new long[] {rawLength, codedLength};
    }

    private EndFrame end;

    private void readEnd() throws IOException {
        byte[] rest = Wire.readExactly(in, EndFrame.SIZE - 1, "end frame");
        byte[] h = new byte[EndFrame.SIZE];
        System.arraycopy(rest, 0, h, 1, rest.length);
        if (Wire.u32(h, 17) != Wire.crc32c(h, 0, 17)) {
            throw new CorruptedInputException("corrupted input: checksum mismatch in end frame");
        }
        end = new EndFrame(Wire.u32(h, 1), Wire.u64(h, 5), Wire.u32(h, 13));
        if (end.frameCount() != framesRead || end.totalLength() != rawBytes) {
            throw new CorruptedInputException("corrupted input: end frame says " + end.frameCount() + " frames / "
                    + end.totalLength() + " bytes, found " + framesRead + " / " + rawBytes);
        }
        int next = in.read();
        if (next >= 0) {
            if (!header.mayHaveIndex()) {
                throw new CorruptedInputException("corrupted input: bytes after the end frame");
            }
            readIndex(next);
        }
        ended = true;
    }

    /** Reads the index that follows the end frame (its first byte already read) and checks it against the frames. */
    private void readIndex(int first) throws IOException {
        byte[] magic = new byte[4];
        magic[0] = (byte) first;
        System.arraycopy(Wire.readExactly(in, 3, "index"), 0, magic, 1, 3);
        if (!Arrays.equals(magic, FrameIndex.MAGIC)) {
            throw new CorruptedInputException("corrupted input: bytes after the end frame that are not an index");
        }
        CRC32C actual = new CRC32C();
        actual.update(magic);
        long left = FrameIndex.ENTRY_SIZE * framesRead;
        byte[] buf = new byte[(int) Math.min(left, 1 << 16)];
        while (left > 0) {
            int n = in.readNBytes(buf, 0, (int) Math.min(left, buf.length));
            if (n == 0) {
                throw new TruncatedInputException("truncated input: the index ends early");
            }
            actual.update(buf, 0, n);
            left -= n;
        }
        byte[] t = Wire.readExactly(in, FrameIndex.TRAILER_SIZE, "index trailer");
        if (!Arrays.equals(t, 12, 16, FrameIndex.TRAILER_MAGIC, 0, 4)
                || Wire.u32(t, 8) != Wire.crc32c(t, 0, 8)) {
            throw new CorruptedInputException("corrupted index: bad trailer");
        }
        if (Wire.u32(t, 0) != framesRead || Wire.u32(t, 4) != actual.getValue()) {
            throw new CorruptedInputException("corrupted index: checksum mismatch");
        }
        if (actual.getValue() != expectedIndex.getValue()) {
            throw new CorruptedInputException("corrupted index: it does not match the frames");
        }
        if (in.read() >= 0) {
            throw new CorruptedInputException("corrupted input: bytes after the index");
        }
        hasIndex = true;
    }

    /** The end frame, once {@link #nextFrame()} returned null. */
    public EndFrame end() {
        return end;
    }

    /** True when the file ended with a (valid) frame index; known once {@link #nextFrame()} returned null. */
    public boolean hasIndex() {
        return hasIndex;
    }

    public long framesRead() {
        return framesRead;
    }
}
