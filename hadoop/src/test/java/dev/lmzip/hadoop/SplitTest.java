package dev.lmzip.hadoop;

import dev.lmzip.codec.ModelMismatchException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.LineRecordReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hadoop's own {@code LineRecordReader} (the one Spark's {@code textFile} uses) over every split
 * of .lmz files, for many split sizes: each line is read exactly once, by exactly one split.
 */
class SplitTest {
    @TempDir
    java.nio.file.Path dir;

    private static List<String> readSplit(JobConf job, Path file, long start, long length) throws IOException {
        List<String> out = new ArrayList<>();
        LineRecordReader r = new LineRecordReader(job, new FileSplit(file, start, length, (String[]) null));
        try {
            LongWritable k = r.createKey();
            Text v = r.createValue();
            while (r.next(k, v)) {
                out.add(v.toString());
            }
        } finally {
            r.close();
        }
        return out;
    }

    @Test
    void everyLineIsReadByExactlyOneSplit() throws IOException {
        List<String> lines = Texts.lines(1, 40_000);
        byte[] content = Texts.join(lines);
        for (boolean index : new boolean[] {true, false}) {
            java.nio.file.Path f = dir.resolve(index ? "t.lmz" : "t-noindex.lmz");
            try (var out = new dev.lmzip.codec.io.LmzOutputStream(Files.newOutputStream(f),
                    dev.lmzip.codec.io.LmzOptions.defaults().frameSizeLog(10).index(index))) {
                out.write(content);
            }
            long size = Files.size(f);
            JobConf job = new JobConf(false);
            Path path = new Path(f.toUri());
            CompressionCodec codec = new CompressionCodecFactory(job).getCodec(path);
            assertInstanceOf(LmzCodec.class, codec, "found through META-INF/services by the .lmz extension");
            // splits smaller than the header, than a frame, about a frame, several frames, half, all
            for (long splitSize : new long[] {23, 300, 1024, 1500, 4097, 33_333, size / 2 + 1, size}) {
                if (splitSize == 23 && !index) {
                    continue; // hundreds of splits each walking all frame headers: slow, nothing new
                }
                List<String> got = new ArrayList<>();
                for (long start = 0; start < size; start += splitSize) {
                    got.addAll(readSplit(job, path, start, Math.min(splitSize, size - start)));
                }
                assertEquals(lines.size(), got.size(), "split size " + splitSize + (index ? "" : ", no index"));
                assertEquals(Texts.hash(lines), Texts.hash(got), "split size " + splitSize);
            }
        }
    }

    @Test
    void writesThroughTheCodecDecodeAndReadBack() throws IOException {
        List<String> lines = Texts.lines(2, 30_000);
        byte[] content = Texts.join(lines);
        Configuration conf = new Configuration(false);
        conf.set(LmzConf.FRAME_SIZE, "4k");
        LmzCodec codec = new LmzCodec();
        codec.setConf(conf);
        java.nio.file.Path f = dir.resolve("w.lmz");
        try (var out = codec.createOutputStream(Files.newOutputStream(f))) {
            out.write(content);
        }
        try (InputStream in = codec.createInputStream(Files.newInputStream(f))) {
            assertArrayEquals(content, in.readAllBytes());
        }
        try (InputStream in = new dev.lmzip.codec.io.LmzInputStream(Files.newInputStream(f))) {
            assertArrayEquals(content, in.readAllBytes(), "an ordinary .lmz file");
        }
        JobConf job = new JobConf(false);
        long size = Files.size(f);
        List<String> got = new ArrayList<>(readSplit(job, new Path(f.toUri()), 0, size / 3));
        got.addAll(readSplit(job, new Path(f.toUri()), size / 3, size - size / 3));
        assertEquals(lines, got);
    }

    @Test
    void filesOfTheOtherBuiltInPredictorsDecodeWithTheDefaultConfiguration() throws IOException {
        byte[] content = Texts.join(Texts.lines(3, 5_000));
        Configuration conf = new Configuration(false);
        LmzCodec codec = new LmzCodec();
        codec.setConf(conf);
        for (dev.lmzip.codec.predict.Predictor p : new dev.lmzip.codec.predict.Predictor[] {
                new dev.lmzip.codec.bytemodel.ByteModel2(),
                new dev.lmzip.codec.media.MediaPredictor(dev.lmzip.codec.media.MediaLayout.audio(16, 1, 0))}) {
            java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
            try (var out = new dev.lmzip.codec.io.LmzOutputStream(bo, dev.lmzip.codec.io.LmzOptions.defaults().predictor(p))) {
                out.write(content);
            }
            try (InputStream in = codec.createInputStream(new java.io.ByteArrayInputStream(bo.toByteArray()))) {
                assertArrayEquals(content, in.readAllBytes(), p.id());
            }
        }
        conf.set(LmzConf.MODEL, "bytes2");
        assertEquals("bytes2", new LmzConf(conf).predictor().id());
    }

    @Test
    void deviceAndModelKeysAreChecked() {
        Configuration conf = new Configuration(false);
        conf.set(LmzConf.DEVICE, "gpu");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LmzConf(conf));
        assertTrue(e.getMessage().contains("no GPU"), e.getMessage());
        conf.set(LmzConf.DEVICE, "cpu");
        new LmzConf(conf);
        conf.set(LmzConf.DEVICE, "AUTO");
        new LmzConf(conf);
        conf.set(LmzConf.MODEL, "/no/such/model.lmzm");
        assertThrows(ModelMismatchException.class, () -> new LmzConf(conf).predictor());
    }
}
