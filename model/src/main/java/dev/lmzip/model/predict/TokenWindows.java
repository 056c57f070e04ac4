package dev.lmzip.model.predict;

import dev.lmzip.model.fixed.ForwardEngine;
import dev.lmzip.model.fixed.SequenceCache;

import java.util.Arrays;

/**
 * The language model's context of each lane of a batch: its KV cache, its token history, and the
 * tokens not yet fed to the engine. A frame starts with {@code startToken}; when the window is
 * full the lane restarts on {@code startToken} plus its last {@code slide.keep(window) - 1} tokens
 * (the deterministic {@link Slide} recorded in the params). Shared by the plain and the mixing predictor.
 */
public final class TokenWindows implements AutoCloseable {
    private final ForwardEngine engine;
    private final int window;
    private final int startToken;
    private final Slide slide;
    private final SequenceCache[] caches;
    private final int[][] history;
    private final int[] historyLength;
    private final int[][] pending;
    private final int[] pendingLength;
    /** Per lane: the next-token weights, or the final hidden state in windows made with {@code hidden}. */
    private final int[][] outputs;
    /** Whether each lane gets the final hidden state ({@link ForwardEngine#forwardHidden}) instead of weights. */
    private final boolean hidden;

    public TokenWindows(ForwardEngine engine, int lanes, int window, int startToken, Slide slide) {
        this(engine, lanes, window, startToken, slide, false);
    }

    /** As above; with {@code hidden}, {@link #forward} leaves each lane's final hidden state in {@link #hidden(int)}. */
    public TokenWindows(ForwardEngine engine, int lanes, int window, int startToken, Slide slide, boolean hidden) {
        this.engine = engine;
        this.hidden = hidden;
        this.slide = slide;
        this.window = window;
        this.startToken = startToken;
        caches = new SequenceCache[lanes];
        history = new int[lanes][];
        historyLength = new int[lanes];
        pending = new int[lanes][];
        pendingLength = new int[lanes];
        outputs = new int[lanes][];
        for (int i = 0; i < lanes; i++) {
            caches[i] = engine.newCache(window);
            history[i] = new int[window];
            pending[i] = new int[window];
            outputs[i] = new int[hidden ? engine.shape().hidden() : engine.shape().vocab()];
        }
    }

    /** A new frame in {@code lane}: empty context, the start token pending. */
    public void reset(int lane) {
        caches[lane].clear();
        historyLength[lane] = 0;
        pending[lane][0] = startToken;
        pendingLength[lane] = 1;
    }

    /**
     * Feeds the pending tokens of {@code lanes[0..count)} to the engine in one batch; afterwards
     * {@link #weights(int)} (or {@link #hidden(int)}) holds each lane's result.
     */
    public void forward(int[] lanes, int count) {
        int rows = 0;
        for (int i = 0; i < count; i++) {
            rows += pendingLength[lanes[i]];
        }
        if (rows == 0) {
            return;
        }
        SequenceCache[] rowCache = new SequenceCache[rows];
        int[] rowToken = new int[rows];
        int[][] rowOut = new int[rows][];
        int r = 0;
        for (int i = 0; i < count; i++) {
            int lane = lanes[i];
            for (int p = 0; p < pendingLength[lane]; p++) {
                rowCache[r] = caches[lane];
                rowToken[r] = pending[lane][p];
                rowOut[r] = p == pendingLength[lane] - 1 ? outputs[lane] : null;
                r++;
            }
            pendingLength[lane] = 0;
        }
        if (hidden) {
            engine.forwardHidden(rowCache, rowToken, rows, rowOut);
        } else {
            engine.forward(rowCache, rowToken, rows, rowOut);
        }
    }

    /** The weights {@link #forward} computed for {@code lane} (e^(logit - max) in Q30, model vocabulary). */
    public int[] weights(int lane) {
        if (hidden) {
            throw new IllegalStateException("these windows give hidden states");
        }
        return outputs[lane];
    }

    /** The final hidden state (Q12) {@link #forward} computed for {@code lane}, in windows made with {@code hidden}. */
    public int[] hidden(int lane) {
        if (!hidden) {
            throw new IllegalStateException("these windows give weights");
        }
        return outputs[lane];
    }

    /** Appends the token just coded in {@code lane}; it becomes the lane's next input. */
    public void push(int lane, int token) {
        int[] hist = history[lane];
        if (historyLength[lane] == hist.length) {
            // keep the most recent half of the history
            int keep = hist.length / 2;
            System.arraycopy(hist, hist.length - keep, hist, 0, keep);
            historyLength[lane] = keep;
        }
        hist[historyLength[lane]++] = token;
        if (caches[lane].length() + 1 > window) {
            // window full: restart on <start> + the last keep - 1 tokens
            int keep = slide.keep(window) - 1;
            caches[lane].clear();
            pending[lane][0] = startToken;
            System.arraycopy(hist, historyLength[lane] - keep, pending[lane], 1, keep);
            pendingLength[lane] = keep + 1;
        } else {
            pending[lane][0] = token;
            pendingLength[lane] = 1;
        }
    }

    @Override
    public void close() {
        for (SequenceCache c : caches) {
            if (c != null) {
                c.close();
            }
        }
        Arrays.fill(caches, null);
    }
}
