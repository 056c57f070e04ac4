package dev.lmzip.cli;

import dev.lmzip.codec.CorruptedInputException;
import dev.lmzip.codec.MemoryLimitException;
import dev.lmzip.codec.ModelMismatchException;
import dev.lmzip.codec.NotLmzFormatException;
import dev.lmzip.codec.UnsupportedVersionException;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** The documented exit codes of {@code lmzip} (README, "Exit codes"). */
public final class ExitCode {
    public static final int OK = 0;
    /** Some other failure (several files: at least one failed with mixed causes). */
    public static final int FAILURE = 1;
    /** Bad command line. */
    public static final int USAGE = 2;
    /** An input file is missing or unreadable. */
    public static final int INPUT_MISSING = 3;
    /** The input is not an .lmz file. */
    public static final int NOT_LMZ = 4;
    /** The input is truncated or corrupted (a checksum or field check failed). */
    public static final int CORRUPTED = 5;
    /** The .lmz file uses a format version this lmzip does not read. */
    public static final int UNSUPPORTED_VERSION = 6;
    /** The file needs another model than the one available (both fingerprints are printed). */
    public static final int MODEL_MISMATCH = 7;
    /** The output file exists and -f was not given. */
    public static final int OUTPUT_EXISTS = 8;
    /** The output could not be written (disk full, permissions). */
    public static final int WRITE_FAILED = 9;
    /** The file needs more memory than the limit allows. */
    public static final int MEMORY_LIMIT = 10;

    private ExitCode() {
    }

    /** The exit code for an error while reading input or decoding. */
    static int of(Throwable e) {
        if (e instanceof NotLmzFormatException) {
            return NOT_LMZ;
        }
        if (e instanceof CorruptedInputException) {
            return CORRUPTED;
        }
        if (e instanceof UnsupportedVersionException) {
            return UNSUPPORTED_VERSION;
        }
        if (e instanceof ModelMismatchException) {
            return MODEL_MISMATCH;
        }
        if (e instanceof MemoryLimitException || e instanceof OutOfMemoryError) {
            return MEMORY_LIMIT;
        }
        if (e instanceof FileAlreadyExistsException) {
            return OUTPUT_EXISTS;
        }
        if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
            return INPUT_MISSING;
        }
        if (e instanceof OutputFailedException) {
            return WRITE_FAILED;
        }
        return FAILURE;
    }
}
