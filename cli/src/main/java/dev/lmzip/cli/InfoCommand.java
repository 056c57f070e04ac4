package dev.lmzip.cli;

import dev.lmzip.codec.container.ContainerReader;
import dev.lmzip.codec.container.FileHeader;
import dev.lmzip.codec.container.Frame;
import dev.lmzip.codec.container.Method;
import dev.lmzip.codec.io.LmzInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lmzip info}: the header, the frames and the model fingerprint of .lmz files, without decoding. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the header, frames and model fingerprint of .lmz files (checks the structure, not the content).")
final class InfoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = ".lmz files (- for standard input).")
    List<String> files;

    @Option(names = {"-v", "--verbose"}, description = "List every frame.")
    boolean verbose;

    @Override
    public Integer call() {
        int worst = ExitCode.OK;
        for (String f : files) {
            try (InputStream in = new BufferedInputStream(f.equals("-") ? System.in : Files.newInputStream(Path.of(f)))) {
                print(f, in);
            } catch (IOException e) {
                System.err.println("lmzip: " + f + ": " + FileProcessor.message(e));
                int code = ExitCode.of(e);
                worst = worst == ExitCode.OK ? code : worst == code ? code : ExitCode.FAILURE;
            }
        }
        return worst;
    }

    private void print(String name, InputStream in) throws IOException {
        ContainerReader reader = new ContainerReader(in, LmzInputStream.DEFAULT_MAX_FRAME_SIZE);
        FileHeader h = reader.header();
        var out = System.out;
        out.println(name + ":");
        out.println("  format version : " + h.version());
        out.println("  predictor      : " + h.predictorId());
        out.println("  fingerprint    : " + h.fingerprintHex());
        out.println("  precision      : " + h.precisionBits() + " bits");
        out.println("  frame size     : " + h.frameSize() + " bytes");
        if (h.params().length > 0) {
            out.println("  params         : " + new String(h.params(), StandardCharsets.UTF_8).replace("\n", "; "));
        }
        long stored = 0;
        long coded = 0;
        long raw = 0;
        long payload = 0;
        long index = 0;
        if (verbose) {
            out.println("  frame   method        raw      coded   bits/byte");
        }
        Frame f;
        while ((f = reader.nextFrame()) != null) {
            raw += f.rawLength();
            payload += f.codedLength();
            if (f.method() == Method.STORED) {
                stored++;
            } else {
                coded++;
            }
            if (verbose) {
                out.printf("  %5d   %-8s %10d %10d %11.3f%n", index, f.method().name().toLowerCase(),
                        f.rawLength(), f.codedLength(), 8.0 * f.codedLength() / f.rawLength());
            }
            index++;
        }
        long frames = coded + stored;
        long indexSize = reader.hasIndex() ? dev.lmzip.codec.container.FrameIndex.size(frames) : 0;
        long total = h.size() + frames * Frame.HEADER_SIZE + payload + dev.lmzip.codec.container.EndFrame.SIZE + indexSize;
        out.println("  frames         : " + (coded + stored) + " (" + coded + " coded, " + stored + " stored)");
        String params = new String(h.params(), StandardCharsets.UTF_8);
        boolean decodedForm = h.predictorId().equals("media") && params.contains("\nsource=");
        // a decoded PNG/FLAC: the content is its decoded form, and -d writes the rebuilt file (docs/media.md)
        out.println("  raw size       : " + raw + " bytes" + (decodedForm ? " (the decoded form; -d rebuilds the original "
                + params.substring(params.indexOf("\nsource=") + 8).toUpperCase(java.util.Locale.ROOT) + " file)" : ""));
        out.println("  file size      : " + total + " bytes" + (raw > 0 ? String.format(" (%.3f bits/byte)", 8.0 * total / raw) : ""));
        out.printf("  content crc32c : %08x%n", reader.end().contentChecksum());
        out.println("  frame index    : " + (reader.hasIndex() ? "yes (" + frames + " entries, " + indexSize + " bytes)"
                : "no" + (h.mayHaveIndex() ? "" : " (format version 1)")));
    }
}
