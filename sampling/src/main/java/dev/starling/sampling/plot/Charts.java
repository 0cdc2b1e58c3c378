package dev.starling.sampling.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
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

/** The PNG plots of the sampling module, drawn with XChart. */
public final class Charts {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    private Charts() {
    }

    /**
     * Box plots of in-degree, one chart per setting, placed side by side in one PNG.
     *
     * @param png       output file
     * @param labels    the x positions (e.g. the cycles), one box each
     * @param bySetting per setting (in order), one array of in-degrees per label
     * @param xTitle    the x axis title, with what happens when (e.g. the crash and the recovery)
     * @throws IOException if the file cannot be written
     */
    public static void inDegreeBoxes(Path png, List<String> labels, Map<String, List<int[]>> bySetting, String xTitle)
            throws IOException {
        BufferedImage image = new BufferedImage(WIDTH * bySetting.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        int x = 0;
        for (Map.Entry<String, List<int[]>> e : bySetting.entrySet()) {
            BoxChart chart = new BoxChartBuilder().width(WIDTH).height(HEIGHT)
                    .title("In-degree, " + e.getKey()).xAxisTitle(xTitle).yAxisTitle("in-degree").build();
            chart.getStyler().setLegendVisible(false);
            for (int i = 0; i < labels.size(); i++) {
                int[] values = e.getValue().get(i);
                chart.addSeries(labels.get(i), values.length == 0 ? new int[] {0} : values);
            }
            g.drawImage(BitmapEncoder.getBufferedImage(chart), x, 0, null);
            x += WIDTH;
        }
        g.dispose();
        write(png, image);
    }

    /**
     * A line chart of one value per cycle, one line per setting.
     *
     * @param png    output file
     * @param title  chart title
     * @param yTitle y axis title
     * @param x      the cycles
     * @param lines  per setting (in order), the values at {@code x}
     * @throws IOException if the file cannot be written
     */
    public static void lines(Path png, String title, String yTitle, double[] x, Map<String, double[]> lines)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle("cycle").yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setXAxisDecimalPattern("#"); // whole cycles on the ticks
        for (Map.Entry<String, double[]> e : lines.entrySet()) {
            chart.addSeries(e.getKey(), x, e.getValue()).setMarker(SeriesMarkers.NONE);
        }
        write(png, BitmapEncoder.getBufferedImage(chart));
    }

    /**
     * A named series of points; {@code err}, if not null, gives a symmetric error bar per point.
     *
     * @param name legend label
     * @param x    x values
     * @param y    y values (NaN points are left out)
     * @param err  half-heights of error bars, or null
     */
    public record Series(String name, double[] x, double[] y, double[] err) {
        /** @param name legend label @param x x values @param y y values */
        public Series(String name, double[] x, double[] y) {
            this(name, x, y, null);
        }

        Series finite() {
            int n = 0;
            for (double v : y) {
                n += Double.isNaN(v) ? 0 : 1;
            }
            double[] fx = new double[n];
            double[] fy = new double[n];
            double[] fe = err == null ? null : new double[n];
            for (int i = 0, w = 0; i < y.length; i++) {
                if (!Double.isNaN(y[i])) {
                    fx[w] = x[i];
                    fy[w] = y[i];
                    if (fe != null) {
                        fe[w] = err[i];
                    }
                    w++;
                }
            }
            return new Series(name, fx, fy, fe);
        }
    }

    /**
     * Our curves as lines (dots on short ones), the paper's points as markers without lines (diamond, square,
 * triangles, cross, plus), a darker shade of the same colour
     * per pair (series i of {@code ours} and of {@code paper} share a colour when both lists have it).
     *
     * @param png    output file
     * @param title  chart title
     * @param xTitle x axis title, with its unit
     * @param yTitle y axis title, with its unit
     * @param ours   our measured curves
     * @param paper  the paper's points
     * @param logX   logarithmic x axis
     * @throws IOException if the file cannot be written
     */
    public static void comparison(Path png, String title, String xTitle, String yTitle, List<Series> ours,
                                  List<Series> paper, boolean logX) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        Color[] palette = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(148, 103, 189), new Color(255, 127, 14), new Color(23, 190, 207), new Color(140, 86, 75)};
        for (int i = 0; i < ours.size(); i++) {
            Series s = ours.get(i).finite();
            XYSeries series = s.err() == null ? chart.addSeries(s.name(), s.x(), s.y())
                    : chart.addSeries(s.name(), s.x(), s.y(), s.err());
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            // dots only on short curves; a long one is read as a line
            series.setMarker(s.x().length <= 20 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            series.setLineWidth(2f);
            series.setLineColor(palette[i % palette.length]);
            series.setMarkerColor(palette[i % palette.length]);
        }
        org.knowm.xchart.style.markers.Marker[] shapes = {SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS};
        for (int i = 0; i < paper.size(); i++) {
            Series s = paper.get(i).finite();
            if (s.x().length == 0) {
                continue;
            }
            XYSeries series = s.err() == null ? chart.addSeries(s.name(), s.x(), s.y())
                    : chart.addSeries(s.name(), s.x(), s.y(), s.err());
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(shapes[i % shapes.length]);
            Color c = palette[i % palette.length];
            series.setMarkerColor(c.darker());
            series.setLineColor(c);
        }
        write(png, BitmapEncoder.getBufferedImage(chart));
    }

    private static void write(Path png, BufferedImage image) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", png.toFile());
    }
}
