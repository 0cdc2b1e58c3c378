package dev.starling.tools.experiment;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The PNG plots of the experiments, drawn with XChart: lines of medians with every repetition drawn
 * as a dot, and panels of box plots.
 */
public final class ExperimentPlots {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 560;
    private static final int PANEL_WIDTH = 600;
    private static final int PANEL_HEIGHT = 420;
    private static final int PANELS_PER_ROW = 2;

    /**
     * One line of a line chart.
     *
     * @param name    legend entry
     * @param x       x positions, ascending
     * @param y       values (the median of the repetitions at each x)
     * @param samples per x position, every repetition's value, drawn as unconnected dots in the
     *                line's colour so that the spread is shown as it is (no symmetric error bar
     *                to assume); or null
     * @param dashed  true for a reference line (drawn dashed, without markers)
     */
    public record Line(String name, double[] x, double[] y, double[][] samples, boolean dashed) {
    }

    private ExperimentPlots() {
    }

    /** The y axis of a line chart: linear from 0 (throughput, speed-up) or logarithmic (latencies). */
    public enum Scale { FROM_ZERO, LOG }

    /** A line chart. */
    public static void lines(Path png, String title, String xTitle, String yTitle, List<Line> lines, Scale scale)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        if (scale == Scale.FROM_ZERO) {
            chart.getStyler().setYAxisMin(0.0);
        } else {
            chart.getStyler().setYAxisLogarithmic(true);
        }
        Color[] palette = chart.getStyler().getSeriesColors();
        int colour = 0;
        for (Line line : lines) {
            XYSeries series = chart.addSeries(line.name(), line.x(), line.y());
            if (line.dashed()) {
                series.setMarker(SeriesMarkers.NONE);
                series.setLineStyle(SeriesLines.DASH_DASH);
                series.setLineColor(Color.GRAY);
                continue;
            }
            Color color = palette[colour++ % palette.length];
            series.setLineColor(color);
            series.setMarkerColor(color);
            if (line.samples() != null) {
                addRepetitions(chart, line, color);
            }
        }
        write(png, BitmapEncoder.getBufferedImage(chart));
    }

    private static void addRepetitions(XYChart chart, Line line, Color color) {
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
        dots.setMarker(SeriesMarkers.CIRCLE);
        dots.setMarkerColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 110));
        dots.setShowInLegend(false);
    }

    /**
     * Box plots in panels, {@value #PANELS_PER_ROW} per row; each panel has its own y scale.
     *
     * @param png    output file
     * @param yTitle y axis title of every panel
     * @param panels per panel title (in order), per box label (in order), the samples
     */
    public static void boxPanels(Path png, String yTitle, Map<String, Map<String, double[]>> panels) throws IOException {
        boxPanels(png, yTitle, panels, PANELS_PER_ROW);
    }

    /** Box plots in panels, {@code perRow} per row (e.g. p50 and p99 of one operation side by side). */
    public static void boxPanels(Path png, String yTitle, Map<String, Map<String, double[]>> panels, int perRow)
            throws IOException {
        int columns = Math.min(perRow, Math.max(1, panels.size()));
        int rows = Math.max(1, (panels.size() + columns - 1) / columns);
        BufferedImage image = new BufferedImage(PANEL_WIDTH * columns, PANEL_HEIGHT * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        int i = 0;
        for (Map.Entry<String, Map<String, double[]>> panel : panels.entrySet()) {
            BoxChart chart = new BoxChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(panel.getKey())
                    .yAxisTitle(yTitle).build();
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setYAxisDecimalPattern("#,##0.##");
            for (Map.Entry<String, double[]> box : panel.getValue().entrySet()) {
                chart.addSeries(box.getKey(), box.getValue().length == 0 ? new double[] {0} : box.getValue());
            }
            g.drawImage(BitmapEncoder.getBufferedImage(chart), (i % columns) * PANEL_WIDTH, (i / columns) * PANEL_HEIGHT, null);
            i++;
        }
        g.dispose();
        write(png, image);
    }

    private static void write(Path png, BufferedImage image) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", png.toFile());
    }
}
