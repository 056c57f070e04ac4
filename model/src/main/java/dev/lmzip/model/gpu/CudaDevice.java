package dev.lmzip.model.gpu;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

/**
 * Finds the CUDA device the GPU engine runs on, once per process. A device is usable when the
 * driver library loads (JCuda throws {@link UnsatisfiedLinkError} or {@link NoClassDefFoundError}
 * without libcuda), a device of compute capability ≥ 7.5 exists, and the driver's JIT accepts
 * the committed PTX (ISA 9.0: a driver for CUDA 13.0 or later). Anything else gives
 * {@link Probe#usable()} false with the reason.
 */
public final class CudaDevice {
    /** {@code -Dlmzip.gpu=off} makes every probe say "unavailable" (to test the CPU fallback on a GPU machine). */
    public static final String PROPERTY = "lmzip.gpu";
    /** {@code -Dlmzip.gpu.device=N}: the device ordinal (default 0; CUDA_VISIBLE_DEVICES works too). */
    public static final String DEVICE_PROPERTY = "lmzip.gpu.device";
    static final int MIN_MAJOR = 7;
    static final int MIN_MINOR = 5;

    /** What detection found: a usable device with its properties, or the reason there is none. */
    public record Probe(boolean usable, String reason, int ordinal, String name, long totalMemory,
                        int computeMajor, int computeMinor, int driverVersion) {
        static Probe unusable(String reason) {
            return new Probe(false, reason, -1, null, 0, 0, 0, 0);
        }

        /** "NVIDIA H100 80GB HBM3 (compute 9.0, 79.1 GiB, driver CUDA 13.0)" or "unavailable: reason". */
        public String describe() {
            if (!usable) {
                return "unavailable: " + reason;
            }
            return name + " (compute " + computeMajor + "." + computeMinor + ", "
                    + String.format(java.util.Locale.ROOT, "%.1f GiB", totalMemory / (double) (1L << 30))
                    + ", driver CUDA " + driverVersion / 1000 + "." + driverVersion % 1000 / 10 + ")";
        }
    }

    private static Probe probe;

    private CudaDevice() {
    }

    /** The result of detection, computed on the first call. */
    public static synchronized Probe probe() {
        if (probe == null) {
            probe = detect();
        }
        return probe;
    }

    static Probe detect() {
        if ("off".equalsIgnoreCase(System.getProperty(PROPERTY, ""))) {
            return Probe.unusable("disabled by -D" + PROPERTY + "=off");
        }
        try {
            return Driver.detect(Integer.getInteger(DEVICE_PROPERTY, 0));
        } catch (UnsatisfiedLinkError e) {
            return Probe.unusable("the CUDA driver library could not be loaded (" + firstLine(e.getMessage()) + ")");
        } catch (NoClassDefFoundError | ExceptionInInitializerError e) {
            return Probe.unusable("the JCuda bindings could not be initialised (" + firstLine(String.valueOf(e)) + ")");
        } catch (RuntimeException e) {
            // jcuda.CudaException and friends, caught by type name so that a missing jcuda jar cannot break this path
            return Probe.unusable(firstLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }

    /** Separate class: JCuda is touched only here, so its absence surfaces as an error we catch. */
    private static final class Driver {
        static Probe detect(int ordinal) {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
            int[] count = {0};
            cuDeviceGetCount(count);
            if (count[0] == 0) {
                return Probe.unusable("the CUDA driver reports no device");
            }
            if (ordinal < 0 || ordinal >= count[0]) {
                return Probe.unusable("device " + ordinal + " requested, the driver reports " + count[0]);
            }
            CUdevice dev = new CUdevice();
            cuDeviceGet(dev, ordinal);
            byte[] name = new byte[256];
            cuDeviceGetName(name, name.length, dev);
            int len = 0;
            while (len < name.length && name[len] != 0) {
                len++;
            }
            long[] mem = {0};
            cuDeviceTotalMem(mem, dev);
            int[] major = {0};
            int[] minor = {0};
            cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
            cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
            int[] driver = {0};
            cuDriverGetVersion(driver);
            String devName = new String(name, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
            if (major[0] < MIN_MAJOR || (major[0] == MIN_MAJOR && minor[0] < MIN_MINOR)) {
                return Probe.unusable(devName + " has compute capability " + major[0] + "." + minor[0]
                        + ", the kernels need " + MIN_MAJOR + "." + MIN_MINOR + " or later");
            }
            if (driver[0] < 13000) {
                return Probe.unusable("the driver supports CUDA " + driver[0] / 1000 + "." + driver[0] % 1000 / 10
                        + "; the kernels' PTX " + Ptx.ISA_VERSION + " needs a driver for CUDA 13.0 or later (R580+)");
            }
            // the real test: the driver's JIT accepts our PTX
            CUcontext ctx = new CUcontext();
            cuDevicePrimaryCtxRetain(ctx, dev);
            cuCtxSetCurrent(ctx);
            CUmodule m = new CUmodule();
            cuModuleLoadData(m, Ptx.image(Ptx.load(Ptx.ENGINE)));
            cuModuleUnload(m);
            return new Probe(true, null, ordinal, devName, mem[0], major[0], minor[0], driver[0]);
        }
    }
}
