package dev.starling.tools.experiment;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PNG plots of the experiments, drawn with XChart: figures of one or more panels under one
 * title, each panel a chart of at most {@value #MAX_SERIES} series (lines of medians with every
 * repetition drawn as a dot, or box plots). Series differ in colour, marker and dash alike, so
 * they stay apart in grey print too; logarithmic axes are labelled at every decade and at 2 and 5
 * times it, so a value can be read off the plot.
 */
public final class ExperimentPlots {

    /** Most series one panel shows; more are split over panels (by operation or percentile). */
    public static final int MAX_SERIES = 5;
    static final int PANEL_WIDTH = 600;
    static final int PANEL_HEIGHT = 420;
    static final int HEADER_HEIGHT = 56;
    private static final int SINGLE_WIDTH = 800;
    private static final int SINGLE_HEIGHT = 520;

    /** Colour-blind-safe (Okabe-Ito) colours of distinct lightness, black first. */
    private static final Color[] COLORS = {new Color(0, 0, 0), new Color(0, 114, 178), new Color(230, 159, 0),
            new Color(213, 94, 0), new Color(0, 158, 115)};
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP,
            SeriesMarkers.DIAMOND, SeriesMarkers.CROSS};
    private static final BasicStroke[] STROKES = {SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT,
            SeriesLines.DASH_DOT, SeriesLines.SOLID};

    /**
     * One line of a line chart.
     *
     * @param name    legend entry
     * @param x       x positions, ascending
     * @param y       values (the median of the repetitions at each x)
     * @param samples per x position, every repetition's value, drawn as unconnected dots in the
     *                line's colour so that the spread is shown as it is (no symmetric error bar
     *                to assume); or null
     * @param dashed  true for a reference line (drawn dashed, grey, without markers)
     */
    public record Line(String name, double[] x, double[] y, double[][] samples, boolean dashed) {
    }

    /** The y axis of a line chart: linear from 0 (throughput, speed-up) or logarithmic (latencies). */
    public enum Scale { FROM_ZERO, LOG }

    /**
     * One panel of line charts.
     *
     * @param title  the panel's title (what it shows, short)
     * @param xTitle x axis title, with its unit
     * @param yTitle y axis title, with its unit
     * @param lines  at most {@value #MAX_SERIES} lines besides dashed references
     * @param scale  the y axis
     */
    public record Panel(String title, String xTitle, String yTitle, List<Line> lines, Scale scale) {
    }

    private ExperimentPlots() {
    }

    /** A figure of one line panel, under a title and a subtitle (the setting: machine, repetitions). */
    public static void lines(Path png, String title, String subtitle, Panel panel) throws IOException {
        BufferedImage chart = draw(panel, SINGLE_WIDTH, SINGLE_HEIGHT);
        write(png, withHeader(title, subtitle, List.of(chart), 1));
    }

    /** A figure of line panels side by side ({@code perRow} per row), under one title and subtitle. */
    public static void linePanels(Path png, String title, String subtitle, List<Panel> panels, int perRow)
            throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        for (Panel p : panels) {
            images.add(draw(p, PANEL_WIDTH, PANEL_HEIGHT));
        }
        write(png, withHeader(title, subtitle, images, perRow));
    }

    /**
     * Box plots in panels, {@code perRow} per row; each panel has its own y scale.
     *
     * @param panels per panel title (in order), per box label (in order), the samples
     */
    public static void boxPanels(Path png, String title, String subtitle, String xTitle, String yTitle,
                                 Map<String, Map<String, double[]>> panels, int perRow) throws IOException {
        boxPanels(png, title, subtitle, xTitle, yTitle, panels, perRow, Scale.FROM_ZERO);
    }

    /** Box plots in panels; with {@link Scale#LOG} (latencies that differ by decades) on a log axis. */
    public static void boxPanels(Path png, String title, String subtitle, String xTitle, String yTitle,
                                 Map<String, Map<String, double[]>> panels, int perRow, Scale scale) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        for (Map.Entry<String, Map<String, double[]>> panel : panels.entrySet()) {
            BoxChart chart = new BoxChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(panel.getKey())
                    .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setYAxisDecimalPattern("#,##0.##");
            chart.getStyler().setSeriesColors(new Color[] {COLORS[1]});
            double[] range = null;
            if (scale == Scale.LOG) {
                // a box chart's axis spans its data whatever its bounds say: label within the data only
                double min = panel.getValue().values().stream().flatMapToDouble(java.util.Arrays::stream)
                        .filter(v -> v > 0).min().orElse(1);
                double max = panel.getValue().values().stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(10);
                range = new double[] {min, max};
                chart.getStyler().setYAxisLogarithmic(true);
            }
            for (Map.Entry<String, double[]> box : panel.getValue().entrySet()) {
                chart.addSeries(box.getKey(), box.getValue().length == 0 ? new double[] {range == null ? 0 : range[0]}
                        : box.getValue());
            }
            BufferedImage image = BitmapEncoder.getBufferedImage(chart);
            if (range != null) {
                labelBetweenDecades(chart, image, range);
            }
            images.add(image);
        }
        write(png, withHeader(title, subtitle, images, perRow));
    }

    private static BufferedImage draw(Panel panel, int width, int height) {
        long series = panel.lines().stream().filter(l -> !l.dashed()).count();
        if (series > MAX_SERIES) {
            throw new IllegalArgumentException(panel.title() + ": " + series + " series, at most " + MAX_SERIES
                    + " stay readable in one panel; split them");
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(panel.title()).xAxisTitle(panel.xTitle())
                .yAxisTitle(panel.yTitle()).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setPlotGridLinesColor(new Color(215, 215, 215));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        chart.getStyler().setXAxisDecimalPattern("#,##0.##");
        if (panel.lines().stream().allMatch(l -> java.util.Arrays.stream(l.x()).allMatch(x -> x == Math.rint(x)))) {
            // counts (instances, threads): no tick labels between them
            chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> x == Math.rint(x)
                    ? String.format(java.util.Locale.ROOT, "%,d", Math.round(x)) : "");
        }
        double[] range = null;
        if (panel.scale() == Scale.FROM_ZERO) {
            chart.getStyler().setYAxisMin(0.0);
        } else {
            range = decades(panel.lines());
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(range[0]);
            chart.getStyler().setYAxisMax(range[1]);
        }
        int style = 0;
        for (Line line : panel.lines()) {
            XYSeries s = chart.addSeries(line.name(), line.x(), line.y());
            if (line.dashed()) {
                s.setMarker(SeriesMarkers.NONE);
                s.setLineStyle(SeriesLines.DASH_DASH);
                s.setLineColor(Color.GRAY);
                continue;
            }
            Color color = COLORS[style % COLORS.length];
            Marker marker = MARKERS[style % MARKERS.length];
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setMarker(marker);
            s.setLineStyle(STROKES[style % STROKES.length]);
            s.setLineWidth(2f);
            if (line.samples() != null) {
                addRepetitions(chart, line, color, marker);
            }
            style++;
        }
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        if (range != null) {
            labelBetweenDecades(chart, image, range);
        }
        return image;
    }

    /** The decades around every value of the lines: a log axis from one to the other shows labels at both. */
    static double[] decades(List<Line> lines) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Line line : lines) {
            for (double v : line.y()) {
                if (v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (line.samples() != null) {
                for (double[] at : line.samples()) {
                    for (double v : at) {
                        if (v > 0) {
                            min = Math.min(min, v);
                            max = Math.max(max, v);
                        }
                    }
                }
            }
        }
        if (max == 0) {
            return new double[] {1, 10};
        }
        double low = Math.pow(10, Math.floor(Math.log10(min)));
        double high = Math.pow(10, Math.ceil(Math.log10(max)));
        return new double[] {low, high > low ? high : low * 10};
    }

    /**
     * XChart labels a log axis at the decades only; this adds labels at 2 and 5 times each decade
     * (where they fit), beside the minor grid lines XChart draws there.
     */
    private static void labelBetweenDecades(org.knowm.xchart.internal.chartpart.Chart<? extends org.knowm.xchart.style.AxesChartStyler, ?> chart,
                                            BufferedImage image, double[] range) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Font font = chart.getStyler().getAxisTickLabelsFont();
        g.setFont(font);
        g.setColor(chart.getStyler().getAxisTickLabelsColor());
        FontMetrics metrics = g.getFontMetrics();
        double decadePixels = Math.abs(chart.getScreenYFromChart(1) - chart.getScreenYFromChart(10));
        double[] between = decadePixels >= 3.2 * metrics.getHeight() ? new double[] {2, 5}
                : decadePixels >= 2.2 * metrics.getHeight() ? new double[] {3} : new double[0];
        int right = (int) Math.round(chart.getYAxisLeftWidth()) - chart.getStyler().getAxisTickPadding()
                - chart.getStyler().getAxisTickMarkLength();
        DecimalFormat format = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        for (double decade = Math.pow(10, Math.floor(Math.log10(range[0]))); decade < range[1]; decade *= 10) {
            for (double m : between) {
                double v = m * decade;
                if (v < range[0] || v > range[1]) {
                    continue;
                }
                String label = format.format(v);
                int y = (int) Math.round(chart.getScreenYFromChart(v));
                g.drawString(label, right - metrics.stringWidth(label), y + metrics.getAscent() / 2 - 1);
            }
        }
        g.dispose();
    }

    private static void addRepetitions(XYChart chart, Line line, Color color, Marker marker) {
        int n = 0;
        for (double[] atX : line.samples()) {
            n += atX.length;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        int i = 0;
        for (int point = 0; point < line.samples().length; point++) {
            for (double value : line.samples()[point]) {
                x[i] = line.x()[point];
                y[i++] = value;
            }
        }
        XYSeries dots = chart.addSeries(line.name() + " (repetitions)", x, y);
        dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        dots.setMarker(marker);
        dots.setMarkerColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 80));
        dots.setShowInLegend(false);
    }

    /** Panels in rows under a title (bold) and a subtitle, both centred. */
    private static BufferedImage withHeader(String title, String subtitle, List<BufferedImage> panels, int perRow) {
        int columns = Math.min(perRow, Math.max(1, panels.size()));
        int rows = Math.max(1, (panels.size() + columns - 1) / columns);
        int cellWidth = panels.stream().mapToInt(BufferedImage::getWidth).max().orElse(PANEL_WIDTH);
        int cellHeight = panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(PANEL_HEIGHT);
        BufferedImage image = new BufferedImage(cellWidth * columns, HEADER_HEIGHT + cellHeight * rows,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        centred(g, title, new Font(Font.SANS_SERIF, Font.BOLD, 17), image.getWidth(), 24);
        centred(g, subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 13), image.getWidth(), 46);
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(panels.get(i), (i % columns) * cellWidth, HEADER_HEIGHT + (i / columns) * cellHeight, null);
        }
        g.dispose();
        return image;
    }

    /** A line of text centred, made smaller until it fits the width. */
    private static void centred(Graphics2D g, String text, Font font, int width, int baseline) {
        Font f = font;
        while (g.getFontMetrics(f).stringWidth(text) > width - 20 && f.getSize() > 9) {
            f = f.deriveFont((float) f.getSize() - 1);
        }
        g.setFont(f);
        g.drawString(text, (width - g.getFontMetrics(f).stringWidth(text)) / 2, baseline);
    }

    /** A figure's subtitle: its setting, what lines and dots are, and whether it is a --quick smoke test. */
    public static String subtitle(String setting, boolean lines, ExperimentSettings s) {
        return setting + (lines ? "; lines: medians, dots: each repetition" : "; boxes: quartiles of the repetitions")
                + (s != null && s.quick() ? "; --quick SMOKE TEST, figures too short to mean anything" : "");
    }

    private static void write(Path png, BufferedImage image) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", png.toFile());
    }
}
