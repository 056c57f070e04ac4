package dev.lmzip.bench.domain;

import dev.lmzip.bench.BenchReport;
import dev.lmzip.bench.GzipCompressor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainReportTest {
    static List<Unit> units() {
        List<Unit> u = new ArrayList<>();
        byte[] text = "All happy families are alike; each unhappy family is unhappy in its own way. ".repeat(60).getBytes();
        u.add(new Unit(Domain.TEXT, Granularity.CHUNKS, "t.txt", 0, java.util.Arrays.copyOf(text, 2048), Layout.BYTES));
        u.add(new Unit(Domain.TEXT, Granularity.WHOLE, "t.txt", 0, text, Layout.BYTES));
        ImageData img = MediaTest.gradient(128, 64);
        u.add(new Unit(Domain.IMAGES, Granularity.CHUNKS, "i.png", 0, img.patch(0), new Layout.Image(64, 32, 1)));
        u.add(new Unit(Domain.IMAGES, Granularity.WHOLE, "i.png", 0, img.pixels(), img.layout()));
        AudioData a = new AudioData(16000, 1, MediaTest.tone(4096, 2));
        u.add(new Unit(Domain.AUDIO, Granularity.CHUNKS, "a.flac", 0, java.util.Arrays.copyOf(a.pcm8(), 2048), a.layout8()));
        u.add(new Unit(Domain.AUDIO, Granularity.WHOLE, "a.flac", 0, a.pcm16(), a.layout16()));
        return u;
    }

    @Test
    void table1HasTheSixColumnsAndEveryCompressorRow(@TempDir Path dir) throws IOException {
        List<MediaCodec> codecs = List.of(new ByteCodec(new GzipCompressor()), new PngCodec(), new FlacJavaCodec(),
                new FlacCliCodec(null));
        DomainBench.Result res = new DomainBench(codecs, null, false).run(units());
        assertFalse(res.failed());
        Corpus.Options o = new Corpus.Options(dir, EnumSet.allOf(Domain.class), EnumSet.allOf(Granularity.class), 4096, 8, 1);
        DomainReport r = new DomainReport(new DomainReport.Meta(BenchReport.Machine.current(), "`bytes`", "./lmzip bench --report X.md",
                o, List.of(), List.of()), codecs.stream().map(MediaCodec::name).toList(), res);
        assertEquals(6, r.columns().size());
        String md = r.markdown("X.png", null);
        String header = "| compressor | Text, 2048 B chunks | Text, whole | Images, 2048 B chunks | Images, whole "
                + "| Audio, 2048 B chunks | Audio, whole |";
        assertTrue(md.contains(header), md);
        assertTrue(md.contains("## Table 1: raw compression rate"));
        assertTrue(md.contains("## Bits per byte"));
        assertTrue(md.contains("## Speed"));
        assertTrue(md.contains("Chinchilla 70B | 8.3 | 48.0 | 21.0"));
        assertTrue(md.contains("paq8px v216 -8"));
        assertTrue(md.contains("![compression rate against compression speed](X.png)"));
        // PNG: n/a on whole text and audio; the missing flac tool: unavailable everywhere
        String pngRow = md.lines().filter(l -> l.startsWith("| PNG (ImageIO")).findFirst().orElseThrow();
        assertEquals(9, pngRow.split("\\|", -1).length);
        assertTrue(pngRow.contains("n/a"));
        String flacTool = md.lines().filter(l -> l.startsWith("| flac -8")).findFirst().orElseThrow();
        assertTrue(flacTool.contains("unavailable"));
        String gzipRow = md.lines().filter(l -> l.startsWith("| gzip -9 |")).findFirst().orElseThrow();
        assertFalse(gzipRow.contains("n/a"));

        String csv = r.csv();
        assertTrue(csv.startsWith(DomainReport.CSV_HEADER + "\n"));
        assertEquals(6 * 4 * 2, csv.lines().count() - 1); // totals and one file per group
        Path md2 = dir.resolve("B.md");
        r.write(md2, dir.resolve("B.csv"), dir.resolve("B.png"), "All checks passed.");
        assertTrue(Files.size(dir.resolve("B.png")) > 1000);
        assertTrue(Files.readString(md2).contains("All checks passed."));
    }
}
