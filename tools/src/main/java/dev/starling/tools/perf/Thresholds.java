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
 * reason, so nobody can add or move a limit without saying why. Each timing figure
 * ({@link GateFigures#TIMINGS}) also has its busy bound, {@code FIGURE.busy_min} or
 * {@code FIGURE.busy_max} on the same side as its bound and no tighter, with
 * {@code FIGURE.busy_why}: the limit for a measurement in which too few rounds were quiet.
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
        Threshold quiet = quietBound(p, file, OTHERS_SHARE);
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
        Threshold quiet = quietBound(p, file, figure);
        String busyKey = figure + (quiet.minimum() ? ".busy_min" : ".busy_max");
        String wrongSide = figure + (quiet.minimum() ? ".busy_max" : ".busy_min");
        String busy = p.getProperty(busyKey);
        String busyWhy = p.getProperty(figure + ".busy_why");
        if (p.getProperty(wrongSide) != null) {
            throw new IllegalArgumentException(file + ": " + wrongSide + " is on the other side of " + figure
                    + "'s bound; use " + busyKey);
        }
        if (!GateFigures.TIMINGS.contains(figure)) {
            if (busy != null || busyWhy != null) {
                throw new IllegalArgumentException(file + ": " + figure + " does not depend on timing, so it has no busy bound");
            }
            return quiet;
        }
        if (busy == null) {
            throw new IllegalArgumentException(file + ": " + figure + " is a timing figure and needs " + busyKey
                    + " (its bound when the machine is busy)");
        }
        if (busyWhy == null || busyWhy.isBlank()) {
            throw new IllegalArgumentException(file + ": " + figure + ".busy_why must say why the busy bound is what it is");
        }
        double busyBound = number(file, figure, busy);
        if (quiet.minimum() ? busyBound > quiet.bound() : busyBound < quiet.bound()) {
            throw new IllegalArgumentException(file + ": " + busyKey + " must be no tighter than the quiet bound "
                    + quiet.describe(false));
        }
        return new Threshold(figure, quiet.bound(), quiet.minimum(), quiet.why(), busyBound, busyWhy.trim());
    }

    private static double number(Path file, String figure, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + figure + " bound is not a number: '" + value + "'");
        }
    }

    private static Threshold quietBound(Properties p, Path file, String figure) {
        String min = p.getProperty(figure + ".min");
        String max = p.getProperty(figure + ".max");
        String why = p.getProperty(figure + ".why");
        if ((min == null) == (max == null)) {
            throw new IllegalArgumentException(file + ": " + figure + " needs exactly one of .min and .max");
        }
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException(file + ": " + figure + ".why must say why the bound is what it is");
        }
        return new Threshold(figure, number(file, figure, min != null ? min : max), min != null, why.trim());
    }
}
