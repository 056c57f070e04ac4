package dev.lmzip.bench.domain;

import java.util.List;

/**
 * Figures measured elsewhere, printed in the report for comparison and never mixed with this run's.
 */
public final class PublishedFigures {
    private PublishedFigures() {
    }

    /**
     * A row of "Language Modeling Is Compression" (Delétang et al., ICLR 2024, arXiv:2309.10668),
     * Table 1: raw compression rate in % on 2048-byte chunks of enwik9, ImageNet patches and
     * LibriSpeech, and the row of this run it corresponds to (a codec name prefix; null for none).
     */
    public record PaperRow(String compressor, double text, double images, double audio, String matches) {
    }

    public static final String PAPER = "Delétang et al., \"Language Modeling Is Compression\", ICLR 2024 (arXiv:2309.10668), Table 1";

    public static final List<PaperRow> PAPER_TABLE_1 = List.of(
            new PaperRow("gzip", 32.3, 70.7, 36.4, "gzip"),
            new PaperRow("LZMA2", 23.0, 57.9, 29.9, "xz -9"),
            new PaperRow("PNG", 42.9, 58.5, 32.2, "PNG"),
            new PaperRow("FLAC", 89.5, 61.9, 30.9, "flac -8"),
            new PaperRow("Chinchilla 70B", 8.3, 48.0, 21.0, "lmzip"));

    /** A peer measured on this project's machine kind, from {@code shared/corpus/bench/PEERS.md} (2026-11-25). */
    public record PeerRow(String compressor, String textWhole, String imagesChunks, String imagesWhole,
                          String audioChunks, String audioWhole) {
    }

    public static final String PEERS = "shared/corpus/bench/PEERS.md (measured 2026-11-25, 2-core AMD EPYC, whole corpus, no --limit/--sample)";

    /** Rates in % (text: size-weighted over the 28 text files, from bits per byte / 8). */
    public static final List<PeerRow> PEERS_TABLE = List.of(
            new PeerRow("gzip -9", "31.3", "", "", "", ""),
            new PeerRow("bzip2 -9", "22.9", "", "", "", ""),
            new PeerRow("xz -9e", "24.3", "65.5", "64.4", "45.1", "74.1"),
            new PeerRow("zstd --ultra -22", "24.8", "", "", "", ""),
            new PeerRow("brotli -q 11 -w 24", "23.9", "", "", "", ""),
            new PeerRow("zpaq -m5", "18.9", "", "", "", ""),
            new PeerRow("paq8px v216 -8", "16.2", "", "", "", ""),
            new PeerRow("PNG (optipng)", "", "57.0", "54.8", "", ""),
            new PeerRow("FLAC -8", "", "", "", "35.2", "57.2"));
}
