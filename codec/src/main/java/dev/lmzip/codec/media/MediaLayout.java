package dev.lmzip.codec.media;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the bytes of a frame are, for the media predictor: {@code offset} header bytes (coded as
 * plain bytes), then either 8-bit image samples (row-major, {@code channels} per pixel, {@code width}
 * pixels per row) or PCM audio ({@code bits} 8 = signed bytes, 16 = signed little-endian,
 * {@code channels} interleaved). Bytes after the last whole sample are coded as plain bytes.
 *
 * <p>Recorded in the file header as params ({@code layout=image:640x480x3}, {@code offset=54}, and for
 * the decoded form of a PNG or FLAC file {@code source=png}); see docs/media.md.
 */
public record MediaLayout(Kind kind, int width, int height, int channels, int bits, int offset, Source source) {
    public enum Kind {
        IMAGE, AUDIO
    }

    /** What the content is: the samples themselves, or the decoded form of a PNG or FLAC file (rebuilt on reading). */
    public enum Source {
        RAW, PNG, FLAC;

        String param() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern IMAGE = Pattern.compile("image:(\\d{1,6})x(\\d{1,6})(?:x([1-4]))?");
    private static final Pattern AUDIO = Pattern.compile("audio:(8|16)(?:x([1-8]))?");

    public MediaLayout {
        if (kind == Kind.IMAGE && (width < 1 || width > 1 << 20 || height < 1 || height > 1 << 20 || channels < 1 || channels > 4
                || bits != 8)) {
            throw new IllegalArgumentException("bad image layout " + width + "x" + height + "x" + channels);
        }
        if (kind == Kind.AUDIO && ((bits != 8 && bits != 16) || channels < 1 || channels > 8)) {
            throw new IllegalArgumentException("bad audio layout: " + bits + " bits, " + channels + " channels");
        }
        if (offset < 0 || offset > 1 << 20) {
            throw new IllegalArgumentException("bad header length " + offset);
        }
        java.util.Objects.requireNonNull(source, "source");
    }

    public static MediaLayout image(int width, int height, int channels, int offset) {
        return new MediaLayout(Kind.IMAGE, width, height, channels, 8, offset, Source.RAW);
    }

    public static MediaLayout audio(int bits, int channels, int offset) {
        return new MediaLayout(Kind.AUDIO, 0, 0, channels, bits, offset, Source.RAW);
    }

    /** This layout for the decoded form of a file of {@code source}. */
    public MediaLayout from(Source source) {
        return new MediaLayout(kind, width, height, channels, bits, offset, source);
    }

    /** Bytes per sample value: 2 for 16-bit audio, else 1. */
    public int bytesPerValue() {
        return bits / 8;
    }

    /** Position after the last whole sample of a frame of {@code length} bytes (the header and samples end there). */
    public int samplesEnd(int length) {
        return length <= offset ? length : offset + (length - offset) / bytesPerValue() * bytesPerValue();
    }

    /**
     * Frame size (log2) for a media input of {@code size} bytes: all of it in one frame, since the
     * model finds rows and samples from the frame start; 2^10…2^30, and 2^24 when the size is not
     * known ({@code size < 0}, standard input).
     */
    public static int frameSizeLog(long size) {
        if (size < 0) {
            return 24;
        }
        return (int) Math.max(10, Math.min(30, 64 - Long.numberOfLeadingZeros(Math.max(1, size - 1))));
    }

    /** {@code image:WxHxC} or {@code audio:BITSxCHANNELS} (what {@code --as} takes, without the offset). */
    public String spec() {
        return kind == Kind.IMAGE ? String.format(Locale.ROOT, "image:%dx%dx%d", width, height, channels)
                : String.format(Locale.ROOT, "audio:%dx%d", bits, channels);
    }

    /** The header params: {@code layout=SPEC\noffset=N}, and {@code \nsource=png|flac} for a decoded form. */
    public byte[] params() {
        String p = "layout=" + spec() + "\noffset=" + offset + (source == Source.RAW ? "" : "\nsource=" + source.param());
        return p.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses {@code image:WxH[xC]} (C defaults to 1) or {@code audio:BITS[xCHANNELS]} (1 channel by
     * default), with {@code offset} header bytes.
     *
     * @throws IllegalArgumentException when the spec is not one of these
     */
    public static MediaLayout parse(String spec, int offset) {
        Matcher m = IMAGE.matcher(spec);
        if (m.matches()) {
            return image(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 1 : Integer.parseInt(m.group(3)), offset);
        }
        m = AUDIO.matcher(spec);
        if (m.matches()) {
            return audio(Integer.parseInt(m.group(1)), m.group(2) == null ? 1 : Integer.parseInt(m.group(2)), offset);
        }
        throw new IllegalArgumentException("not a media layout: '" + spec + "' (want image:WxH[xC] or audio:8|16[xCH])");
    }

    /** The layout params of a file header, as written by {@link #params()}. */
    public static MediaLayout fromParams(byte[] params) {
        String layout = null;
        String offset = null;
        Source source = Source.RAW;
        for (String line : new String(params, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("layout=")) {
                layout = line.substring(7);
            } else if (line.startsWith("offset=")) {
                offset = line.substring(7);
            } else if (line.equals("source=png")) {
                source = Source.PNG;
            } else if (line.equals("source=flac")) {
                source = Source.FLAC;
            } else if (!line.isEmpty()) {
                throw new IllegalArgumentException("unknown media parameter '" + line + "'");
            }
        }
        if (layout == null || offset == null || !offset.matches("\\d{1,7}")) {
            throw new IllegalArgumentException("media parameters need layout= and offset=");
        }
        MediaLayout l = parse(layout, Integer.parseInt(offset)).from(source);
        if (!java.util.Arrays.equals(l.params(), params)) {
            throw new IllegalArgumentException("media parameters are not in canonical form");
        }
        return l;
    }

    /**
     * The layout of a file that starts with a header this class knows: a PCM WAV file (RIFF/WAVE,
     * format 1, 16 bits) or a binary PGM/PPM image (P5/P6, maxval ≤ 255). Null otherwise.
     */
    public static MediaLayout detect(byte[] head, int length) {
        MediaLayout l = detectWav(head, length);
        return l != null ? l : detectPnm(head, length);
    }

    private static MediaLayout detectWav(byte[] b, int n) {
        if (n < 44 || !ascii(b, 0, "RIFF") || !ascii(b, 8, "WAVE")) {
            return null;
        }
        int pos = 12;
        int channels = 0;
        int bits = 0;
        while (pos + 8 <= n) {
            long size = le32(b, pos + 4);
            if (ascii(b, pos, "fmt ") && size >= 16 && pos + 24 <= n) {
                int format = le16(b, pos + 8);
                channels = le16(b, pos + 10);
                bits = le16(b, pos + 22);
                if (format != 1 || bits != 16 || channels < 1 || channels > 8) { // 8-bit WAV is unsigned: not handled
                    return null;
                }
            } else if (ascii(b, pos, "data")) {
                if (channels == 0) {
                    return null;
                }
                return audio(16, channels, pos + 8);
            }
            pos += 8 + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - 16);
        }
        return null;
    }

    private static MediaLayout detectPnm(byte[] b, int n) {
        if (n < 3 || b[0] != 'P' || (b[1] != '5' && b[1] != '6')) {
            return null;
        }
        int channels = b[1] == '5' ? 1 : 3;
        int[] values = new int[3];
        int pos = 2;
        for (int v = 0; v < 3; v++) {
            while (pos < n && (isSpace(b[pos]) || b[pos] == '#')) {
                if (b[pos] == '#') {
                    while (pos < n && b[pos] != '\n') {
                        pos++;
                    }
                } else {
                    pos++;
                }
            }
            int start = pos;
            long x = 0;
            while (pos < n && b[pos] >= '0' && b[pos] <= '9' && pos - start < 7) {
                x = x * 10 + (b[pos] - '0');
                pos++;
            }
            if (pos == start) {
                return null;
            }
            values[v] = (int) x;
        }
        if (pos >= n || !isSpace(b[pos]) || values[2] < 1 || values[2] > 255 || values[0] < 1 || values[1] < 1
                || values[0] > 1 << 20 || values[1] > 1 << 20) {
            return null;
        }
        return image(values[0], values[1], channels, pos + 1);
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static boolean ascii(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long le32(byte[] b, int at) {
        return (le16(b, at) | (long) le16(b, at + 2) << 16) & 0xFFFFFFFFL;
    }
}
