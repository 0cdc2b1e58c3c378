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
     * @throws IOException if the file cannot be written
     */
    public static void inDegreeBoxes(Path png, List<String> labels, Map<String, List<int[]>> bySetting)
            throws IOException {
        BufferedImage image = new BufferedImage(WIDTH * bySetting.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        int x = 0;
        for (Map.Entry<String, List<int[]>> e : bySetting.entrySet()) {
            BoxChart chart = new BoxChartBuilder().width(WIDTH).height(HEIGHT)
                    .title("In-degree, " + e.getKey()).xAxisTitle("cycle").yAxisTitle("in-degree").build();
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
        for (Map.Entry<String, double[]> e : lines.entrySet()) {
            chart.addSeries(e.getKey(), x, e.getValue()).setMarker(SeriesMarkers.NONE);
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
