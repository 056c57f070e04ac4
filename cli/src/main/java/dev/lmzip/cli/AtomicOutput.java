package dev.lmzip.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file under a temporary name beside its final name and renames it into place only
 * after success, so no partial file ever carries the final name (even after kill -9). A shutdown
 * hook removes the temporary file on Ctrl-C. Like gzip, the output gets the permissions of the
 * input file it is made from (a new file otherwise gets the umask's default).
 */
final class AtomicOutput implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final boolean overwrite;
    private final java.nio.channels.FileChannel channel;
    private final OutputStream stream;
    private final Thread cleanup;
    private boolean committed;

    AtomicOutput(Path target, boolean overwrite) throws IOException {
        this(target, overwrite, null);
    }

    /** @param permissionsOf the file whose POSIX permissions the output gets, or null */
    AtomicOutput(Path target, boolean overwrite, Path permissionsOf) throws IOException {
        this.target = target;
        this.overwrite = overwrite;
        if (!overwrite && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target + " already exists (use -f to overwrite)");
        }
        Path dir = target.toAbsolutePath().getParent();
        try {
            this.temp = createTemp(dir, "." + target.getFileName() + ".");
        } catch (IOException e) {
            throw new OutputFailedException("cannot create output in " + dir + ": " + reason(e), e);
        }
        this.cleanup = new Thread(this::deleteTemp, "lmzip-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        // open before copying the permissions: a read-only input makes a read-only output
        this.channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE);
        if (permissionsOf != null) {
            try {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(permissionsOf));
            } catch (IOException | UnsupportedOperationException ignored) {
                // not a POSIX file system: the default permissions stay
            }
        }
        OutputStream file = java.nio.channels.Channels.newOutputStream(channel);
        this.stream = new FilterOutputStream(new BufferedOutputStream(file, 1 << 16)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw new OutputFailedException("cannot write " + target + ": " + reason(e), e);
                }
            }

            @Override
            public void flush() throws IOException {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw new OutputFailedException("cannot write " + target + ": " + reason(e), e);
                }
            }
        };
    }

    OutputStream stream() {
        return stream;
    }

    /** Flushes, syncs and renames the temporary file to the target. */
    void commit() throws IOException {
        try {
            stream.flush();
            channel.force(true);
            stream.close();
            if (!overwrite && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target + " already exists (use -f to overwrite)");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException | OutputFailedException e) {
            throw e;
        } catch (IOException e) {
            throw new OutputFailedException("cannot write " + target + ": " + reason(e), e);
        }
        committed = true;
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // the temporary file is deleted anyway
            }
            deleteTemp();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook runs
        }
    }

    /** A new empty file beside the target, created with the umask's default permissions. */
    private static Path createTemp(Path dir, String prefix) throws IOException {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        while (true) {
            try {
                return Files.createFile(dir.resolve(prefix + Long.toUnsignedString(random.nextLong()) + ".part"));
            } catch (FileAlreadyExistsException e) {
                // try another name
            }
        }
    }

    private void deleteTemp() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // nothing more we can do
        }
    }

    static String reason(IOException e) {
        String m = e.getMessage();
        if (m != null && m.contains("No space left")) {
            return "disk full";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
