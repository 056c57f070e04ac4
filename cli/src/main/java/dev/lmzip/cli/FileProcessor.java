package dev.lmzip.cli;

import dev.lmzip.codec.LmzException;
import dev.lmzip.codec.io.LmzInputStream;
import dev.lmzip.codec.io.LmzOptions;
import dev.lmzip.codec.io.LmzOutputStream;
import dev.lmzip.codec.media.MediaLayout;
import dev.lmzip.codec.media.MediaPredictor;
import dev.lmzip.codec.media.rebuild.DecodedForm;
import dev.lmzip.codec.media.rebuild.NotRebuildableException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Compresses, decompresses or tests each input, reporting one line per failure and going on. */
final class FileProcessor {
    static final String SUFFIX = ".lmz";
    private static final String STDIN = "-";

    private final Mode mode;
    private final CommonOptions opt;
    private final PrintStream err;

    FileProcessor(Mode mode, CommonOptions opt, PrintStream err) {
        this.mode = mode;
        this.opt = opt;
        this.err = err;
    }

    int run(List<String> inputs) {
        Models.verbose(opt.verbose && !opt.quiet);
        if (inputs == null || inputs.isEmpty()) {
            inputs = List.of(STDIN);
        }
        if (opt.slice() && mode != Mode.DECOMPRESS) {
            return usage("--offset and --length only apply to -d (decompress)");
        }
        if (opt.slice()) {
            try {
                opt.offsetBytes();
                opt.lengthBytes();
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
        }
        if (!opt.recursive && (opt.followSymlinks || opt.includeLmz)) {
            return usage("--follow-symlinks and --include-lmz need -r");
        }
        int worst = ExitCode.OK;
        int skipped = 0;
        if (opt.recursive) {
            Walk walk = new Walk();
            for (String input : inputs) {
                walk.add(input);
            }
            inputs = walk.files;
            worst = walk.worst;
            skipped = walk.skipped;
        }
        if (opt.decoded && !opt.as.trim().equals("auto")) {
            return usage("--decoded and --as cannot be used together");
        }
        if (opt.output != null && opt.stdout) {
            return usage("-o and -c cannot be used together");
        }
        if (opt.output != null && inputs.size() > 1) {
            return usage("-o needs exactly one input file");
        }
        if (opt.remove && opt.keep) {
            return usage("--rm and -k cannot be used together");
        }
        if (mode == Mode.COMPRESS && opt.stdout && inputs.size() > 1) {
            return usage("-c with several inputs would concatenate .lmz files, which the format does not allow");
        }
        int failed = 0;
        for (String input : inputs) {
            int code = runOne(input);
            if (code != ExitCode.OK) {
                failed++;
                worst = combine(worst, code);
            }
        }
        if (opt.recursive && !opt.quiet) {
            err.println(total(inputs.size() - failed, failed, skipped));
        }
        return worst;
    }

    private static int combine(int worst, int code) {
        return worst == ExitCode.OK || worst == code ? code : ExitCode.FAILURE;
    }

    private long totalIn;
    private long totalOut;

    /** The summary line of -r. */
    private String total(int ok, int failed, int skipped) {
        String verb = switch (mode) {
            case COMPRESS -> "compressed";
            case DECOMPRESS -> "decompressed";
            case TEST -> "tested";
        };
        StringBuilder sb = new StringBuilder("lmzip: ").append(ok).append(ok == 1 ? " file " : " files ").append(verb);
        if (mode != Mode.TEST) {
            sb.append(", ").append(totalIn).append(" -> ").append(totalOut).append(" bytes");
            long raw = mode == Mode.COMPRESS ? totalIn : totalOut;
            long lmz = mode == Mode.COMPRESS ? totalOut : totalIn;
            if (raw > 0) {
                sb.append(String.format(java.util.Locale.ROOT, " (%.3f bits/byte)", 8.0 * lmz / raw));
            }
        }
        sb.append(", ").append(failed).append(" failed, ").append(skipped).append(" skipped");
        return sb.toString();
    }

    /** The files under the directories given with -r (zstd's -r): regular files, symbolic links only when asked. */
    private final class Walk {
        final List<String> files = new java.util.ArrayList<>();
        int skipped;
        int worst = ExitCode.OK;

        void add(String input) {
            if (input.equals(STDIN) || !Files.isDirectory(Path.of(input))) {
                files.add(input); // named on the command line: processed (or reported) as given
                return;
            }
            List<String> found = new java.util.ArrayList<>();
            var options = opt.followSymlinks ? java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS)
                    : java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class);
            try {
                Files.walkFileTree(Path.of(input), options, Integer.MAX_VALUE, new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                        String name = file.toString();
                        if (attrs.isSymbolicLink() && !opt.followSymlinks) {
                            skipped++;
                        } else if (!attrs.isRegularFile() && !attrs.isSymbolicLink()) {
                            skipped++; // FIFOs, devices, sockets
                        } else if (mode == Mode.COMPRESS ? name.endsWith(SUFFIX) && !opt.includeLmz : !name.endsWith(SUFFIX)) {
                            skipped++;
                        } else {
                            found.add(name); // a dangling link (when following) is reported when processed
                        }
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                        err.println("lmzip: " + file + ": " + (e instanceof java.nio.file.FileSystemLoopException
                                ? "symbolic link loop -- ignored" : message(e)));
                        worst = combine(worst, ExitCode.of(e));
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                err.println("lmzip: " + input + ": " + message(e));
                worst = combine(worst, ExitCode.of(e));
            }
            java.util.Collections.sort(found);
            files.addAll(found);
        }
    }

    private int runOne(String input) {
        try {
            process(input);
            return ExitCode.OK;
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        } catch (OutOfMemoryError e) {
            err.println("lmzip: " + input + ": out of memory (raise -Xmx or use a smaller --frame-size)");
            return ExitCode.MEMORY_LIMIT;
        } catch (IOException e) {
            err.println("lmzip: " + display(input) + ": " + message(e));
            return ExitCode.of(e);
        } catch (RuntimeException e) {
            err.println("lmzip: " + display(input) + ": internal error: " + e);
            return ExitCode.FAILURE;
        }
    }

    private void process(String input) throws IOException {
        boolean fromStdin = input.equals(STDIN);
        Path in = fromStdin ? null : Path.of(input);
        if (in != null && opt.recursive && !opt.followSymlinks && Files.isSymbolicLink(in)) {
            throw new LmzException("is a symbolic link -- ignored (use --follow-symlinks)");
        }
        if (in != null) {
            if (!Files.exists(in)) {
                throw new NoSuchFileException(input, null, "no such file");
            }
            if (Files.isDirectory(in)) {
                throw new LmzException("is a directory -- ignored");
            }
            if (!Files.isReadable(in)) {
                throw new java.nio.file.AccessDeniedException(input, null, "permission denied");
            }
        }
        if (opt.slice()) {
            slice(in);
            return;
        }
        long started = System.nanoTime();
        long inBytes;
        long outBytes;
        try (InputStream raw = fromStdin ? System.in : Files.newInputStream(in);
             CountingInputStream src = new CountingInputStream(new BufferedInputStream(raw, 1 << 16))) {
            Path target = mode == Mode.TEST ? null : target(input, in);
            long size = in == null ? -1 : Files.size(in);
            if (target == null) {
                try (OutputStream sink = mode == Mode.TEST ? OutputStream.nullOutputStream() : stdout()) {
                    if (mode == Mode.COMPRESS && isConsole() && !opt.force) {
                        throw new LmzException("stdout is a terminal: refusing to write compressed data (use -f or -o)");
                    }
                    outBytes = transform(src, sink, size, input);
                }
            } else {
                if (in != null && Files.exists(target) && Files.isSameFile(in, target)) {
                    throw new LmzException("input and output are the same file");
                }
                try (AtomicOutput out = new AtomicOutput(target, opt.force, in)) {
                    outBytes = transform(src, out.stream(), size, input);
                    out.commit();
                }
            }
            inBytes = src.count();
        }
        totalIn += inBytes;
        totalOut += outBytes;
        if (opt.remove && in != null && mode != Mode.TEST && !opt.stdout) {
            Files.delete(in);
        }
        if (opt.verbose && !opt.quiet) {
            double secs = (System.nanoTime() - started) / 1e9;
            long rawBytes = mode == Mode.COMPRESS ? inBytes : outBytes;
            long lmzBytes = mode == Mode.COMPRESS ? outBytes : inBytes;
            err.printf("%s: %d -> %d bytes, %.3f bits/byte, %.2f MB/s%n", display(input),
                    mode == Mode.COMPRESS ? rawBytes : lmzBytes, mode == Mode.COMPRESS ? lmzBytes : rawBytes,
                    rawBytes == 0 ? 0.0 : 8.0 * lmzBytes / rawBytes, rawBytes / 1e6 / Math.max(secs, 1e-9));
        }
    }

    private dev.lmzip.codec.predict.Predictor predictor;

    /** The compression predictor, loaded once for all inputs (a model file is mapped only once). */
    private dev.lmzip.codec.predict.Predictor predictor() throws IOException {
        if (predictor == null) {
            predictor = Models.forCompression(opt.model, opt.threads());
        }
        return predictor;
    }

    /**
     * {@code -d --offset N --length M}: decodes only that part of the content, to standard output
     * or {@code -o FILE}. A file is read through its frame index (only the frames needed are
     * decoded, in parallel); standard input is decoded from the start.
     */
    private void slice(Path in) throws IOException {
        long offset = opt.offsetBytes();
        long length = opt.lengthBytes();
        Path target = opt.output == null || opt.output.equals(STDIN) ? null : Path.of(opt.output);
        if (target == null) {
            try (OutputStream sink = stdout()) {
                slice(in, offset, length, sink);
            }
        } else {
            try (AtomicOutput out = new AtomicOutput(target, opt.force)) {
                slice(in, offset, length, out.stream());
                out.commit();
            }
        }
    }

    private void slice(Path in, long offset, long length, OutputStream sink) throws IOException {
        if (in != null) {
            try (var reader = new dev.lmzip.codec.io.LmzSeekableReader(java.nio.channels.FileChannel.open(in),
                    Models.forDecompression(opt.model, opt.threads()), opt.threads());
                 InputStream part = reader.open(offset, length)) {
                part.transferTo(sink);
            }
        } else {
            try (LmzInputStream lmz = new LmzInputStream(new BufferedInputStream(System.in, 1 << 16),
                    Models.forDecompression(opt.model, opt.threads()), opt.threads())) {
                byte[] buf = new byte[1 << 16];
                long skip = offset;
                while (skip > 0) {
                    int n = lmz.read(buf, 0, (int) Math.min(buf.length, skip));
                    if (n < 0) {
                        break;
                    }
                    skip -= n;
                }
                long left = length;
                int n;
                while (left > 0 && (n = lmz.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                    sink.write(buf, 0, n);
                    left -= n;
                }
            }
        }
        sink.flush();
    }

    /** Bytes of an input read to find a media header (WAV, PGM/PPM). */
    private static final int DETECT_BYTES = 1 << 16;

    /** The media layout of an input: from --as, or found in its first bytes; null for text. */
    private MediaLayout mediaLayout(BufferedInputStream in) throws IOException {
        MediaLayout given = opt.mediaLayout();
        if (given != null || !opt.detectMedia()) {
            return given;
        }
        in.mark(DETECT_BYTES);
        byte[] head = in.readNBytes(DETECT_BYTES);
        in.reset();
        return MediaLayout.detect(head, head.length);
    }

    /** Largest PNG or FLAC file that --decoded decodes (it is held in memory with its decoded form). */
    private static final int MAX_DECODED_FILE = 1 << 30;

    /** What --decoded found: the decoded form, or (form null) the PNG or FLAC file read so far, to be coded as bytes. */
    private record Decoded(DecodedForm form, byte[] file) {
    }

    /**
     * {@code --decoded}: the decoded form of a PNG or FLAC input, read whole from {@code in}. Null when
     * the input is neither; a null form (with the bytes read) when it cannot be rebuilt exactly, which
     * is said on standard error unless -q.
     */
    private Decoded decodedForm(BufferedInputStream in, String input) throws IOException {
        in.mark(16);
        byte[] head = in.readNBytes(16);
        in.reset();
        if (!DecodedForm.recognizes(head, head.length)) {
            return null;
        }
        byte[] file = in.readNBytes(MAX_DECODED_FILE);
        String why;
        if (file.length < MAX_DECODED_FILE && !DecodedForm.recognizes(file, file.length)) {
            return new Decoded(null, file); // an ID3 tag without FLAC after it (an MP3, say): not ours, no note
        }
        if (file.length == MAX_DECODED_FILE) {
            why = "1 GiB or larger";
        } else {
            try {
                DecodedForm form = DecodedForm.of(file);
                if (opt.verbose && !opt.quiet) {
                    err.println("lmzip: " + display(input) + ": decoded " + form.layout().source().name() + ", "
                            + form.layout().spec() + ", rebuilt exactly");
                }
                return new Decoded(form, file);
            } catch (NotRebuildableException e) {
                why = e.getMessage();
            } catch (RuntimeException e) { // a parser bug must not stop the file from being compressed
                why = "internal error while decoding it: " + e;
            }
        }
        if (!opt.quiet) {
            err.println("lmzip: " + display(input) + ": coded as its bytes, not decoded: " + why);
        }
        return new Decoded(null, file);
    }

    /** Runs the codec from {@code src} into {@code sink}; returns the bytes written. */
    private long transform(InputStream src, OutputStream sink, long size, String input) throws IOException {
        CountingOutputStream counted = new CountingOutputStream(sink);
        String task = (mode == Mode.COMPRESS ? "compress " : "decompress ") + display(input);
        try (Progress progress = Progress.start(task, mode == Mode.COMPRESS ? size : -1, !opt.quiet && !opt.noProgress)) {
            if (mode == Mode.COMPRESS) {
                BufferedInputStream in = new BufferedInputStream(src, DETECT_BYTES);
                src = in;
                Decoded decoded = opt.decoded ? decodedForm(in, input) : null;
                if (decoded != null && decoded.form != null) {
                    DecodedForm form = decoded.form;
                    ByteArrayOutputStream coded = new ByteArrayOutputStream(form.content().length / 4 + 1024);
                    compress(new java.io.ByteArrayInputStream(form.content()), coded, form.layout(), form.content().length,
                            progress);
                    if (coded.size() >= decoded.file.length) {
                        // not smaller than the file (noise, say): the file's own bytes may code smaller, and their
                        // size has the documented bound (docs/format.md); keep the smaller of the two
                        ByteArrayOutputStream asBytes = new ByteArrayOutputStream(decoded.file.length + 1024);
                        compress(new java.io.ByteArrayInputStream(decoded.file), asBytes, null, decoded.file.length, progress);
                        if (asBytes.size() <= coded.size()) {
                            if (!opt.quiet) {
                                err.println("lmzip: " + display(input) + ": coded as its bytes (" + asBytes.size()
                                        + " bytes): its decoded form codes to " + coded.size());
                            }
                            coded = asBytes;
                        }
                    }
                    coded.writeTo(counted);
                } else {
                    if (decoded != null) { // a PNG or FLAC file coded as its bytes
                        src = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(decoded.file), in);
                    }
                    compress(src, counted, decoded != null ? null : mediaLayout(in), size, progress);
                }
            } else {
                try (LmzInputStream lmz = new LmzInputStream(src, Models.forDecompression(opt.model, opt.threads()), opt.threads())) {
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = lmz.read(buf, 0, buf.length)) > 0) {
                        counted.write(buf, 0, n);
                        progress.listener().accept(n);
                    }
                }
            }
            counted.flush();
        }
        return counted.count();
    }

    /** Codes {@code src} as one .lmz file: with the media predictor for {@code layout}, else the compression predictor. */
    private void compress(InputStream src, OutputStream out, MediaLayout layout, long size, Progress progress) throws IOException {
        dev.lmzip.codec.predict.Predictor predictor = layout != null ? new MediaPredictor(layout) : predictor();
        int frameSizeLog = opt.frameSize != null ? opt.frameSizeLog()
                : layout != null ? MediaLayout.frameSizeLog(size) : Models.defaultFrameSizeLog(predictor);
        LmzOptions options = LmzOptions.defaults()
                .predictor(predictor)
                .threads(opt.threads())
                .fallback(!opt.noFallback)
                .frameSizeLog(frameSizeLog)
                .index(!opt.noIndex)
                .progress(progress.listener());
        LmzOutputStream lmz = new LmzOutputStream(out, options);
        src.transferTo(lmz);
        lmz.finish();
    }

    /** The output path for a file input, or null for standard output. */
    private Path target(String input, Path in) throws IOException {
        if (opt.stdout) {
            return null;
        }
        if (opt.output != null) {
            return opt.output.equals(STDIN) ? null : Path.of(opt.output);
        }
        if (in == null) {
            return null;
        }
        if (mode == Mode.COMPRESS) {
            if (input.endsWith(SUFFIX) && !opt.includeLmz) {
                throw new LmzException("already has the " + SUFFIX + " suffix -- ignored");
            }
            return Path.of(input + SUFFIX);
        }
        if (!input.endsWith(SUFFIX) || input.length() == SUFFIX.length()) {
            throw new LmzException("unknown suffix -- ignored (use -o or -c)");
        }
        return Path.of(input.substring(0, input.length() - SUFFIX.length()));
    }

    private static OutputStream stdout() {
        OutputStream fd = new FileOutputStream(FileDescriptor.out) {
            @Override
            public void close() {
                // System.out stays usable
            }
        };
        return new BufferedOutputStream(new WriteFailureMapping(fd), 1 << 16);
    }

    private static boolean isConsole() {
        return System.console() != null && System.console().isTerminal();
    }

    private int usage(String message) {
        err.println("lmzip: " + message);
        return ExitCode.USAGE;
    }

    private static String display(String input) {
        return input.equals(STDIN) ? "(stdin)" : input;
    }

    static String message(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof LmzException || e instanceof OutputFailedException
                || e instanceof java.nio.file.FileAlreadyExistsException) {
            return e.getMessage();
        }
        return AtomicOutput.reason(e);
    }

    /** Marks failures of standard output as output failures (exit code 9), not input errors. */
    private static final class WriteFailureMapping extends java.io.FilterOutputStream {
        WriteFailureMapping(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new OutputFailedException("cannot write standard output: " + AtomicOutput.reason(e), e);
            }
        }
    }

    static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }

    static final class CountingOutputStream extends java.io.FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        long count() {
            return count;
        }
    }
}
