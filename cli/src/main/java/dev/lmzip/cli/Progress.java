package dev.lmzip.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.function.LongConsumer;

/** A progress bar on stderr for long runs, only when a person is watching a terminal. */
final class Progress implements AutoCloseable {
    private static final long MIN_BYTES = 1 << 22;
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress start(String task, long totalBytes, boolean wanted) {
        boolean terminal = System.console() != null && System.console().isTerminal();
        if (!wanted || !terminal || (totalBytes >= 0 && totalBytes < MIN_BYTES)) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(Math.max(totalBytes, -1))
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" MB", 1 << 20)
                .showSpeed()
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build();
        return new Progress(bar);
    }

    LongConsumer listener() {
        return bar == null ? n -> { } : bar::stepBy;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
