package dev.lmzip.cli;

import java.io.IOException;

/** Writing the output failed (disk full, permissions): never the input's fault. */
final class OutputFailedException extends IOException {
    OutputFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
