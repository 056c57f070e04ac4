package dev.lmzip.model.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The committed PTX of the CUDA kernels ({@code src/main/cuda/*.cu}, compiled by
 * {@code build-ptx.sh}), loaded as text from the class path and handed to the driver's JIT.
 */
public final class Ptx {
    /** The module with every kernel of the engine. */
    public static final String ENGINE = "engine";
    /** PTX ISA version the committed files declare (CUDA 13.0's nvcc); read by drivers for CUDA 13.0 (R580) and later. */
    public static final String ISA_VERSION = "9.0";
    /** Virtual architecture: the driver JIT-compiles it for compute capability 7.5 and above. */
    public static final String TARGET = "sm_75";

    private static final Pattern VERSION = Pattern.compile("(?m)^\\.version\\s+(\\S+)");
    private static final Pattern TARGET_LINE = Pattern.compile("(?m)^\\.target\\s+(\\S+)");

    private Ptx() {
    }

    /** The resource path of a module. */
    public static String resource(String module) {
        return "/dev/lmzip/model/gpu/" + module + ".ptx";
    }

    /** The PTX text of a module. */
    public static String load(String module) {
        try (InputStream in = Ptx.class.getResourceAsStream(resource(module))) {
            if (in == null) {
                throw new IllegalStateException("PTX resource " + resource(module) + " missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code .version} a PTX text declares, or null. */
    public static String version(String ptx) {
        Matcher m = VERSION.matcher(ptx);
        return m.find() ? m.group(1) : null;
    }

    /** The {@code .target} a PTX text declares, or null. */
    public static String target(String ptx) {
        Matcher m = TARGET_LINE.matcher(ptx);
        return m.find() ? m.group(1) : null;
    }

    /** The PTX as the NUL-terminated bytes {@code cuModuleLoadData} wants. */
    static byte[] image(String ptx) {
        byte[] b = ptx.getBytes(StandardCharsets.US_ASCII);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }
}
