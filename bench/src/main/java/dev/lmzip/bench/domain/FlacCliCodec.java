package dev.lmzip.bench.domain;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * libFLAC's {@code flac -8} (Debian package {@code flac}), one process per unit: raw signed PCM in
 * on stdin, FLAC out on stdout, {@code --no-padding --no-seektable} (the stream keeps flac's
 * STREAMINFO and VORBIS_COMMENT vendor block). Decoded with jflac for the round trip.
 * Unavailable when no {@code flac} executable is on the PATH.
 */
public final class FlacCliCodec implements MediaCodec {
    private final String executable;

    public FlacCliCodec() {
        this(findOnPath("flac"));
    }

    FlacCliCodec(String executable) {
        this.executable = executable;
    }

    static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    @Override
    public String name() {
        return "flac -8 (libFLAC tool)";
    }

    @Override
    public Optional<String> unavailableReason() {
        return executable == null ? Optional.of("no 'flac' executable on the PATH (Debian: apt-get install flac)")
                : Optional.empty();
    }

    @Override
    public boolean applies(Unit unit) {
        return FlacSamples.applies(unit);
    }

    @Override
    public byte[] compress(Unit unit) throws IOException {
        FlacSamples s = FlacSamples.of(unit);
        List<String> cmd = List.of(executable, "-8", "--silent", "--no-padding", "--no-seektable", "--force-raw-format",
                "--endian=little", "--sign=signed", "--channels=" + s.channels(), "--bps=" + s.bits(),
                "--sample-rate=" + s.sampleRate(), "--stdout", "-");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] raw = s.rawSigned();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (OutputStream os = p.getOutputStream()) {
            os.write(raw);
        }
        try {
            byte[] flac = out.join();
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IOException("flac exited " + rc);
            }
            return flac;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public byte[] decompress(byte[] packed, Unit unit) throws IOException {
        AudioData.Decoded d = AudioData.decodeFlacRaw(new ByteArrayInputStream(packed), "FLAC");
        return FlacSamples.toBytes(d.values(), unit);
    }
}
