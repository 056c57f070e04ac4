package dev.lmzip.model.train;

import dev.lmzip.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training documents (one per file), split into training and validation by whole files, and their token
 * streams: each document is {@code <|endoftext|>} followed by its tokens, so every document starts a segment
 * with the end-of-text token at position 0, the way lmzip's predictor starts a stream.
 */
public final class Corpus {
    public final List<Path> trainFiles;
    public final List<Path> valFiles;

    private Corpus(List<Path> train, List<Path> val) {
        this.trainFiles = train;
        this.valFiles = val;
    }

    /** All regular files under the roots (skipping hidden names), sorted by path. */
    public static List<Path> list(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> s = Files.walk(root)) {
                    s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(root)) {
                files.add(root);
            } else {
                throw new IOException("no such file or directory: " + root);
            }
        }
        files.sort(Comparator.comparing(Path::toString));
        return files;
    }

    /**
     * Holds out whole files: files are ordered by a seeded hash of their name and taken until they hold
     * {@code fraction} of all bytes (at least one file when there are two or more).
     */
    public static Corpus split(List<Path> files, double fraction, long seed) throws IOException {
        long total = 0;
        long[] sizes = new long[files.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = Files.size(files.get(i));
            total += sizes[i];
        }
        Integer[] order = new Integer[files.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingLong(i -> mix(files.get(i).getFileName().toString().hashCode() ^ seed)));
        boolean[] val = new boolean[files.size()];
        long held = 0;
        for (int i = 0; i < order.length && files.size() > 1 && held < fraction * total; i++) {
            if (held + sizes[order[i]] > 3 * fraction * total + 1 && held > 0) {
                continue; // skip files that would overshoot a lot
            }
            if (i == order.length - 1 && held > 0) {
                break;
            }
            val[order[i]] = true;
            held += sizes[order[i]];
        }
        List<Path> train = new ArrayList<>(), v = new ArrayList<>();
        for (int i = 0; i < val.length; i++) {
            (val[i] ? v : train).add(files.get(i));
        }
        if (train.isEmpty()) {
            throw new IOException("no training files");
        }
        return new Corpus(train, v);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** A token stream with the text bytes it encodes. */
    public record Stream_(int[] tokens, long bytes) {
    }

    /** Tokenizes the files in parallel and concatenates {@code EOT, tokens...} per file in list order. */
    public static Stream_ tokenize(Par par, Tokenizer tok, List<Path> files) throws IOException {
        int[][] parts = new int[files.size()][];
        long[] bytes = new long[files.size()];
        IOException[] failure = new IOException[1];
        par.forRange(files.size(), (f0, f1) -> {
            for (int f = f0; f < f1; f++) {
                try {
                    byte[] b = Files.readAllBytes(files.get(f));
                    bytes[f] = b.length;
                    parts[f] = tok.encode(b);
                } catch (IOException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        long n = 0, total = 0;
        for (int f = 0; f < parts.length; f++) {
            n += 1 + parts[f].length;
            total += bytes[f];
        }
        if (n > Integer.MAX_VALUE - 16) {
            throw new IOException("corpus too large: " + n + " tokens");
        }
        int[] all = new int[(int) n];
        int eot = tok.endOfTextId(), p = 0;
        for (int[] part : parts) {
            all[p++] = eot;
            System.arraycopy(part, 0, all, p, part.length);
            p += part.length;
        }
        return new Stream_(all, total);
    }
}
