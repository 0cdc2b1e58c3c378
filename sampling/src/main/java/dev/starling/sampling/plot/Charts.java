package dev.starling.sampling.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
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
     * Box plots of in-degree, one panel per setting, side by side in one PNG and on one y scale
     * (0 to the largest in-degree of any panel), so the panels compare at a glance. Each box spans
     * the quartiles with the median across it; whiskers reach the furthest value within 1.5 times
     * the box's height; values beyond are drawn one by one. Drawn on XChart line charts, since its
     * box charts ignore a set y range.
     *
     * @param png       output file
     * @param positions the x positions of the boxes (e.g. the cycles), evenly spaced, increasing
     * @param bySetting per setting (in order), one array of in-degrees per position
     * @param xTitle    the x axis title
     * @param marks     vertical dashed lines with their text (e.g. "crash 120"), at x positions
     * @throws IOException if the file cannot be written
     */
    public static void inDegreeBoxes(Path png, double[] positions, Map<String, List<int[]>> bySetting, String xTitle,
                                     Map<String, Double> marks) throws IOException {
        double spacing = positions.length > 1 ? positions[1] - positions[0] : 1;
        int highest = 1;
        for (List<int[]> boxes : bySetting.values()) {
            for (int[] values : boxes) {
                for (int v : values) {
                    highest = Math.max(highest, v);
                }
            }
        }
        double top = Math.ceil(highest * 1.1);
        BufferedImage image = new BufferedImage(WIDTH * bySetting.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int x = 0;
        for (Map.Entry<String, List<int[]>> e : bySetting.entrySet()) {
            XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                    .title("In-degree, " + e.getKey()).xAxisTitle(xTitle).yAxisTitle("in-degree").build();
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(top);
            chart.getStyler().setXAxisMin(Math.max(0, positions[0] - spacing));
            chart.getStyler().setXAxisMax(positions[positions.length - 1] + spacing / 2);
            chart.getStyler().setXAxisDecimalPattern("#");
            for (int i = 0; i < positions.length; i++) {
                box(chart, positions[i], 0.3 * spacing, e.getValue().get(i));
            }
            for (Map.Entry<String, Double> mark : marks.entrySet()) {
                XYSeries line = chart.addSeries("mark " + mark.getKey(), new double[] {mark.getValue(), mark.getValue()},
                        new double[] {0, top});
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(Color.DARK_GRAY);
                line.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
                chart.addAnnotation(new AnnotationText(mark.getKey(), mark.getValue(), top * 0.96, false));
            }
            g.drawImage(BitmapEncoder.getBufferedImage(chart), x, 0, null);
            x += WIDTH;
        }
        g.dispose();
        write(png, image);
    }

    /** One box at {@code at}, {@code w} each side: quartiles, median, whiskers to the furthest value within 1.5 IQR, outliers. */
    private static void box(XYChart chart, double at, double w, int[] values) {
        if (values.length == 0) {
            return;
        }
        int[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double q1 = quantile(sorted, 0.25);
        double median = quantile(sorted, 0.5);
        double q3 = quantile(sorted, 0.75);
        double reach = 1.5 * (q3 - q1);
        double low = q1;
        double high = q3;
        List<Double> outliers = new java.util.ArrayList<>();
        for (int v : sorted) {
            if (v < q1 - reach || v > q3 + reach) {
                outliers.add((double) v);
            } else {
                low = Math.min(low, v);
                high = Math.max(high, v);
            }
        }
        String id = "box " + at;
        segment(chart, id + " box", new double[] {at - w, at + w, at + w, at - w, at - w},
                new double[] {q1, q1, q3, q3, q1}, BOX_COLOUR);
        segment(chart, id + " median", new double[] {at - w, at + w}, new double[] {median, median}, MEDIAN_COLOUR);
        segment(chart, id + " upper", new double[] {at, at, at - w / 2, at + w / 2}, new double[] {q3, high, high, high},
                Color.BLACK);
        segment(chart, id + " lower", new double[] {at, at, at - w / 2, at + w / 2}, new double[] {q1, low, low, low},
                Color.BLACK);
        if (!outliers.isEmpty()) {
            double[] ox = new double[outliers.size()];
            java.util.Arrays.fill(ox, at);
            XYSeries dots = chart.addSeries(id + " outliers", ox, outliers.stream().mapToDouble(Double::doubleValue).toArray());
            dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            dots.setMarker(SeriesMarkers.CROSS);
            dots.setMarkerColor(MEDIAN_COLOUR);
        }
    }

    private static final Color BOX_COLOUR = new Color(0, 114, 178);
    private static final Color MEDIAN_COLOUR = new Color(213, 94, 0);

    private static void segment(XYChart chart, String name, double[] x, double[] y, Color colour) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineStyle(new BasicStroke(1.5f));
    }

    /** The {@code p} quantile of sorted values, interpolating between neighbours. */
    private static double quantile(int[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
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
