package dev.lmzip.bench.domain;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The chart of the report: one panel per (granularity, domain), compression rate (%) against
 * compression speed (MB/s, log scale), one point per compressor. Drawn with XChart, composed into
 * one PNG (columns: text, images, audio; rows: chunks, whole files).
 */
public final class RateSpeedChart {
    static final int PANEL_W = 820;
    static final int PANEL_H = 430;

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0x17becf), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x000000), new Color(0x393b79)};
    private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.OVAL,
            SeriesMarkers.PLUS, SeriesMarkers.RECTANGLE, SeriesMarkers.TRAPEZOID, SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE};

    private RateSpeedChart() {
    }

    public static void write(DomainBench.Result result, List<String> codecs, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Granularity> rows = new ArrayList<>();
        for (Granularity g : Granularity.values()) {
            if (result.totals().stream().anyMatch(c -> c.granularity() == g)) {
                rows.add(g);
            }
        }
        List<Domain> cols = new ArrayList<>();
        for (Domain d : Domain.values()) {
            if (result.totals().stream().anyMatch(c -> c.domain() == d)) {
                cols.add(d);
            }
        }
        if (rows.isEmpty() || cols.isEmpty()) {
            throw new IOException("nothing to chart");
        }
        BufferedImage out = new BufferedImage(PANEL_W * cols.size(), PANEL_H * rows.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = out.createGraphics();
        g2.setColor(Color.WHITE);
        g2.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < cols.size(); c++) {
                XYChart chart = panel(result, codecs, cols.get(c), rows.get(r));
                g2.drawImage(BitmapEncoder.getBufferedImage(chart), c * PANEL_W, r * PANEL_H, null);
            }
        }
        g2.dispose();
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(out, "png", png.toFile());
    }

    static XYChart panel(DomainBench.Result result, List<String> codecs, Domain d, Granularity g) {
        XYChart chart = new XYChartBuilder().width(PANEL_W).height(PANEL_H)
                .title(d.label() + ", " + g.label())
                .xAxisTitle("compression speed, MB/s (log)").yAxisTitle("compressed / raw, %").build();
        Styler st = chart.getStyler();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(11);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setLegendFont(st.getLegendFont().deriveFont(10f));
        st.setChartBackgroundColor(Color.WHITE);
        int plotted = 0;
        int index = -1;
        for (String name : codecs) {
            index++;
            var cell = result.total(d, g, name);
            if (cell.isEmpty() || !cell.get().ok() || !(cell.get().compressMbPerSecond() > 0)) {
                continue;
            }
            XYSeries s = chart.addSeries(name, new double[] {cell.get().compressMbPerSecond()},
                    new double[] {cell.get().ratePercent()});
            // the same marker and colour for a compressor in every panel; lmzip a red diamond
            if (name.startsWith("lmzip")) {
                s.setMarker(SeriesMarkers.DIAMOND);
                s.setMarkerColor(Color.RED);
            } else {
                s.setMarker(MARKERS[index % MARKERS.length]);
                s.setMarkerColor(COLORS[index % COLORS.length]);
            }
            plotted++;
        }
        if (plotted == 0) {
            chart.addSeries("(no data)", new double[] {1}, new double[] {0});
        }
        return chart;
    }
}
