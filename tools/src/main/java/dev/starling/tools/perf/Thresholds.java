package dev.starling.tools.perf;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The gate's limits, read from a properties file: for each gated figure {@code FIGURE.min} or
 * {@code FIGURE.max}, and for the machine's quietness {@code others_share.max}; each with
 * {@code KEY.why}, the reason for the bound. Every figure must have exactly one bound and a
 * reason, so nobody can add or move a limit without saying why.
 *
 * @param figures     one bound per gated figure, in {@link GateFigures#NAMES} order
 * @param quietRounds the largest share of all cores other processes may use in a round whose
 *                    timings count
 */
record Thresholds(List<Threshold> figures, Threshold quietRounds) {

    static final String OTHERS_SHARE = "others_share";

    static Thresholds read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        List<Threshold> figures = new ArrayList<>();
        for (String figure : GateFigures.NAMES) {
            figures.add(bound(p, file, figure));
        }
        Threshold quiet = bound(p, file, OTHERS_SHARE);
        if (quiet.minimum() || quiet.bound() < 0 || quiet.bound() > 1) {
            throw new IllegalArgumentException(file + ": " + OTHERS_SHARE + " needs a .max between 0 and 1");
        }
        for (String key : p.stringPropertyNames()) {
            String figure = key.substring(0, Math.max(0, key.lastIndexOf('.')));
            if (!GateFigures.NAMES.contains(figure) && !figure.equals(OTHERS_SHARE)) {
                throw new IllegalArgumentException(file + ": unknown key " + key + " (figures: " + GateFigures.NAMES
                        + ", and " + OTHERS_SHARE + ")");
            }
        }
        return new Thresholds(List.copyOf(figures), quiet);
    }

    private static Threshold bound(Properties p, Path file, String figure) {
        String min = p.getProperty(figure + ".min");
        String max = p.getProperty(figure + ".max");
        String why = p.getProperty(figure + ".why");
        if ((min == null) == (max == null)) {
            throw new IllegalArgumentException(file + ": " + figure + " needs exactly one of .min and .max");
        }
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException(file + ": " + figure + ".why must say why the bound is what it is");
        }
        String value = min != null ? min : max;
        try {
            return new Threshold(figure, Double.parseDouble(value.trim()), min != null, why.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + figure + " bound is not a number: '" + value + "'");
        }
    }
}
