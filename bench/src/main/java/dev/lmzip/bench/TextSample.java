package dev.lmzip.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A text sample for speed measurements: the first bytes of the prose training corpus
 * ({@code <shared>/corpus/train/prose}, files in sorted order, concatenated), where
 * {@code <shared>} is the system property {@code lmzip.shared}, by default {@code ../shared}
 * relative to {@code lmzip.root} (or the working directory). Seeded pseudo-text when the corpus
 * is missing.
 */
public final class TextSample {
    private TextSample() {
    }

    /** Where the shared corpus is looked for. */
    public static Path sharedDir() {
        String shared = System.getProperty("lmzip.shared");
        if (shared != null && !shared.isBlank()) {
            return Path.of(shared);
        }
        return Path.of(System.getProperty("lmzip.root", ".")).resolve("../shared").normalize();
    }

    /** Exactly {@code size} bytes of prose; {@link #describe} says where they came from. */
    public static byte[] prose(int size) {
        byte[] b = fromCorpus(size);
        return b != null ? b : pseudoText(size, 1);
    }

    /** Where {@link #prose} takes its bytes from. */
    public static String describe(int size) {
        Path dir = sharedDir().resolve("corpus/train/prose");
        return fromCorpus(size) != null ? "first " + size + " bytes of " + dir : "seeded pseudo-text (no " + dir + ")";
    }

    private static byte[] fromCorpus(int size) {
        Path dir = sharedDir().resolve("corpus/train/prose");
        if (!Files.isDirectory(dir)) {
            return null;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
        byte[] out = new byte[size];
        int n = 0;
        for (Path f : files) {
            if (n == size) {
                break;
            }
            try (InputStream in = Files.newInputStream(f)) {
                n += in.readNBytes(out, n, size - n);
            } catch (IOException e) {
                return null;
            }
        }
        return n == size ? out : null;
    }

    private static final String[] WORDS = ("the of and to a in that is was he for it with as his on be at by i this had not are"
            + " but from or have an they which one you were her all she there would their we him been has when who will"
            + " more no if out so said what up its about into than them can only other new some could time these two may"
            + " then do first any my now such like our over man me even most made after also did many before must through"
            + " years where much your way well down should because each just those people how too little state good very"
            + " make world still own see men work long get here between both life being under never day same another know"
            + " while last might us great old year off come since against go came right used take three").split(" ");

    /** Seeded English-like text (Zipf-ish word choice, sentences, paragraphs). */
    public static byte[] pseudoText(int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(size + 64);
        boolean capital = true;
        while (sb.length() < size) {
            int k = (int) (WORDS.length * Math.pow(rnd.nextDouble(), 2.5));
            String w = WORDS[k];
            sb.append(capital ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
            capital = false;
            int r = rnd.nextInt(100);
            if (r < 6) {
                sb.append(". ");
                capital = true;
                if (rnd.nextInt(8) == 0) {
                    sb.append("\n\n");
                }
            } else if (r < 11) {
                sb.append(", ");
            } else {
                sb.append(' ');
            }
        }
        byte[] all = sb.toString().getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(all, size);
    }
}
