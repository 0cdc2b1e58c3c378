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

    /** The most series one panel may carry, ours and the paper's together. */
    public static final int MAX_SERIES_PER_PANEL = 5;

    /** Okabe and Ito's colour-blind-safe palette (blue, vermillion, bluish green, reddish purple, orange, sky blue). */
    private static final Color[] OKABE_ITO = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9)};
    private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {SeriesMarkers.CIRCLE,
        SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN,
        SeriesMarkers.PLUS, SeriesMarkers.CROSS};
    private static final float[][] DASHES = {null, {9f, 5f}, {2f, 4f}, {10f, 4f, 2f, 4f}, {16f, 6f}};

    /**
     * One panel of a {@link #panels} figure: our curves and the paper's points on shared axes.
     *
     * @param title  panel title
     * @param xTitle x axis title, with its unit
     * @param yTitle y axis title, with its unit
     * @param logX   logarithmic x axis
     * @param ours   our curves, drawn as lines, each with its colour, dash and (on short curves) marker
     * @param paper  the paper's points, markers only
     * @param paired true: paper series i takes ours series i's colour (the same protocol); false: the paper's
     *               points are black (one reference for all of ours)
     */
    public record Panel(String title, String xTitle, String yTitle, boolean logX, List<Series> ours,
                        List<Series> paper, boolean paired) {
        /** Checks the series count against {@link #MAX_SERIES_PER_PANEL} and the pairing. */
        public Panel {
            if (ours.size() + paper.size() > MAX_SERIES_PER_PANEL) {
                throw new IllegalArgumentException("a panel carries at most " + MAX_SERIES_PER_PANEL + " series, got "
                        + (ours.size() + paper.size()) + " in '" + title + "'");
            }
            if (paired && paper.size() > ours.size()) {
                throw new IllegalArgumentException("paired paper series need one of ours each, in '" + title + "'");
            }
        }
    }

    /**
     * A figure of panels side by side ({@code columns} per row), each with at most five series: Okabe-Ito colours,
     * our curves as lines with distinct dashes (and markers on curves of 20 points or fewer), the paper's points as
     * markers of shapes no curve of the panel uses; NaN points are left out.
     *
     * @param png     output file
     * @param title   the figure's title, drawn above the panels
     * @param panels  the panels, in reading order
     * @param columns panels per row, at least 1
     * @throws IOException if the file cannot be written
     */
    public static void panels(Path png, String title, List<Panel> panels, int columns) throws IOException {
        int rows = (panels.size() + columns - 1) / columns;
        int cols = Math.min(columns, panels.size());
        int w = cols == 1 ? 1000 : 720; // a lone panel gets the room its figure title and one-row legend need
        int h = 500;
        int header = 40;
        BufferedImage image = new BufferedImage(w * cols, header + h * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 16));
        int tw = g.getFontMetrics().stringWidth(title);
        g.drawString(title, Math.max(8, (image.getWidth() - tw) / 2), 26);
        for (int i = 0; i < panels.size(); i++) {
            XYChart chart = panel(panels.get(i), w, h);
            g.drawImage(BitmapEncoder.getBufferedImage(chart), (i % columns) * w, header + (i / columns) * h, null);
        }
        g.dispose();
        write(png, image);
    }

    /** Points kept when a curve is thinned: about this many steps across the x range. */
    private static final int DRAWN_STEPS = 80;

    /**
     * A long curve keeps only points about 1/80 of the x range apart (on the log scale when the axis is one), first
     * and last included: each drawn segment is then long enough for its dash pattern to show; a short curve or one
     * with error bars is kept whole.
     */
    static Series thin(Series s, boolean logX) {
        int n = s.x().length;
        if (n <= DRAWN_STEPS || s.err() != null) {
            return s;
        }
        java.util.function.DoubleUnaryOperator f = logX ? Math::log : v -> v;
        double step = (f.applyAsDouble(s.x()[n - 1]) - f.applyAsDouble(s.x()[0])) / DRAWN_STEPS;
        double[] x = new double[n];
        double[] y = new double[n];
        int w = 0;
        double last = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double at = f.applyAsDouble(s.x()[i]);
            if (i == 0 || i == n - 1 || at - last >= step) {
                x[w] = s.x()[i];
                y[w] = s.y()[i];
                w++;
                last = at;
            }
        }
        return new Series(s.name(), java.util.Arrays.copyOf(x, w), java.util.Arrays.copyOf(y, w));
    }

    private static XYChart panel(Panel p, int w, int h) {
        XYChart chart = new XYChartBuilder().width(w).height(h).title(p.title()).xAxisTitle(p.xTitle())
                .yAxisTitle(p.yTitle()).build();
        chart.getStyler().setXAxisLogarithmic(p.logX());
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        for (int i = 0; i < p.ours().size(); i++) {
            Series s = thin(p.ours().get(i).finite(), p.logX());
            XYSeries series = s.err() == null ? chart.addSeries(s.name(), s.x(), s.y())
                    : chart.addSeries(s.name(), s.x(), s.y(), s.err());
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setMarker(s.x().length <= 20 ? MARKERS[i] : SeriesMarkers.NONE);
            Color c = OKABE_ITO[i];
            series.setLineColor(c);
            series.setMarkerColor(c);
            float[] dash = DASHES[i];
            series.setLineStyle(dash == null ? new BasicStroke(2.2f)
                    : new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        }
        for (int i = 0; i < p.paper().size(); i++) {
            Series s = p.paper().get(i).finite();
            if (s.x().length == 0) {
                continue;
            }
            XYSeries series = s.err() == null ? chart.addSeries(s.name(), s.x(), s.y())
                    : chart.addSeries(s.name(), s.x(), s.y(), s.err());
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(MARKERS[MARKERS.length - 1 - i]);
            Color c = p.paired() ? OKABE_ITO[i] : Color.BLACK;
            series.setMarkerColor(c);
            series.setLineColor(c);
        }
        return chart;
    }

    private static void write(Path png, BufferedImage image) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", png.toFile());
    }
}
