package dev.lmzip.bench;

import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code xz -9} and {@code xz -9e} with xz-java (CRC64 check, as the xz tool). xz-java has no
 * "extreme" flag; liblzma's extreme variant of presets 7–9 keeps the preset's dictionary and
 * BT4 match finder but searches harder (nice length 273, depth 512), which is set here.
 *
 * <p>Uses xz-java's shared array cache so repeated runs do not time the zeroing of a fresh
 * 64 MiB dictionary and its match-finder tables (the C tool gets untouched pages from the OS).
 */
public final class XzCompressor implements Compressor {
    private static final ArrayCache CACHE = BasicArrayCache.getInstance();

    private final boolean extreme;

    public XzCompressor(boolean extreme) {
        this.extreme = extreme;
    }

    @Override
    public String name() {
        return extreme ? "xz -9e" : "xz -9";
    }

    LZMA2Options options() throws IOException {
        LZMA2Options opts = new LZMA2Options(9);
        if (extreme) {
            opts.setMode(LZMA2Options.MODE_NORMAL);
            opts.setMatchFinder(LZMA2Options.MF_BT4);
            opts.setNiceLen(LZMA2Options.NICE_LEN_MAX); // 273
            opts.setDepthLimit(512);
        }
        return opts;
    }

    @Override
    public byte[] compress(byte[] in) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(in.length / 3 + 64);
        try (XZOutputStream out = new XZOutputStream(bos, options(), XZ.CHECK_CRC64, CACHE)) {
            out.write(in);
        }
        return bos.toByteArray();
    }

    @Override
    public byte[] decompress(byte[] in) throws IOException {
        try (XZInputStream xz = new XZInputStream(new ByteArrayInputStream(in), -1, true, CACHE)) {
            return xz.readAllBytes();
        }
    }
}
