package dev.lmzip.codec.container;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.MemoryLimitException;
import dev.lmzip.codec.TruncatedInputException;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the structures of a container in order, checking every field before it sizes an
 * allocation. Returns {@link Frame}s, then one {@link EndFrame}; decoding payloads is not its job.
 */
public final class ContainerReader {
    private final InputStream in;
    private final FileHeader header;
    private final int maxFrameSize;
    private long framesRead;
    private long rawBytes;
    private boolean ended;

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
        if (first != Method.STORED.code && first != Method.CODED.code) {
            throw new CorruptedInputException("corrupted input: unknown frame method " + first + " at frame " + framesRead);
        }
        byte[] rest = Wire.readExactly(in, Frame.HEADER_SIZE - 1, "frame header");
        byte[] h = new byte[Frame.HEADER_SIZE];
        h[0] = (byte) first;
        System.arraycopy(rest, 0, h, 1, rest.length);
        if (Wire.u32(h, 13) != Wire.crc32c(h, 0, 13)) {
            throw new CorruptedInputException("corrupted input: checksum mismatch in header of frame " + framesRead);
        }
        long rawLength = Wire.u32(h, 1);
        long codedLength = Wire.u32(h, 5);
        if (rawLength < 1 || rawLength > header.frameSize()) {
            throw new CorruptedInputException("corrupted input: frame " + framesRead + " raw length " + rawLength);
        }
        boolean stored = first == Method.STORED.code;
        if (stored ? codedLength != rawLength : codedLength < 1 || codedLength >= rawLength) {
            throw new CorruptedInputException("corrupted input: frame " + framesRead + " coded length " + codedLength);
        }
        byte[] payload = Wire.readExactly(in, (int) codedLength, "payload of frame " + framesRead);
        framesRead++;
        rawBytes += rawLength;
        return new Frame(stored ? Method.STORED : Method.CODED, (int) rawLength, payload, Wire.u32(h, 9));
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
        if (in.read() >= 0) {
            throw new CorruptedInputException("corrupted input: bytes after the end frame");
        }
        ended = true;
    }

    /** The end frame, once {@link #nextFrame()} returned null. */
    public EndFrame end() {
        return end;
    }

    public long framesRead() {
        return framesRead;
    }
}
