package dev.starling.sampling.paper;

import dev.starling.sampling.protocol.Duplicates;
import dev.starling.sampling.protocol.PeerSelection;

import java.util.Map;

/**
 * The paper's values (Jelasity et al., TOCS 2007), read from the plotted points of its figures in the PDF's
 * vector drawing (about +/-0.05 units) or taken from its text; see docs/sampling.md. Used as markers on our
 * plots and as the reference column of our tables.
 */
public final class PaperPoints {
    /** The duplicate placement the simulator's runs use by default (see docs/sampling.md, section 2). */
    public static final Duplicates DEFAULT_DUPLICATES = Duplicates.FIRST;

    /** Fig. 4, rand, H = 0: converged in-degree std for S = 0..15. */
    public static final double[] FIG4_H0 = {23.09, 22.48, 21.98, 21.32, 20.78, 19.97, 19.28, 18.59, 17.70, 16.88,
        15.61, 14.35, 12.65, 10.96, 8.30, 4.17};

    /** Fig. 4, rand, other H: {H, S, std}. */
    public static final double[][] FIG4_OTHER = {{1, 0, 20.4}, {1, 14, 6.5}, {3, 0, 17.9}, {3, 12, 8.9},
        {8, 0, 14.2}, {8, 7, 11.1}, {14, 0, 10.4}};

    /** Fig. 11 left: cycles after the crash with a plotted value. */
    public static final int[] FIG11_AFTER = {1, 2, 3, 4, 5, 10, 20, 50, 100, 200, 298};

    private static final Map<String, double[]> FIG11 = Map.of(
            "rand healer", new double[] {46.0, 30.9, 12.4, 2.5, 0.17, 0, 0, 0, 0, 0, 0},
            "tail healer", new double[] {43.2, 24.4, 6.9, 0.8, 0, 0, 0, 0, 0, 0, 0},
            "rand blind", new double[] {49.3, Double.NaN, Double.NaN, Double.NaN, 47.1, 44.9, 40.9, 29.0, 16.0, 5.6, 1.7},
            "rand swapper", new double[] {49.3, Double.NaN, Double.NaN, Double.NaN, 46.5, 43.3, 37.6, 25.0, 13.4, 4.5, 1.6},
            "tail swapper", new double[] {49.1, Double.NaN, Double.NaN, Double.NaN, 46.0, 42.5, 36.4, 23.2, 12.0, 3.6, 1.15});

    /** Fig. 11 right: {H, cycles to no dead link, rand low, rand high, tail low, tail high}. */
    public static final double[][] FIG11_RIGHT = {{1, 30, 32, 24, 28}, {3, 18, 20, 17, 19}, {8, 11, 12, 11, 12},
        {14, 8, 8, 7, 7}, {15, 5, 6, Double.NaN, Double.NaN}};

    /** Fig. 10: removed fraction, then nodes outside the largest cluster for rand blind, healer, swapper, random graph. */
    public static final double[][] FIG10 = {{0.80, 0.22, 0.10, 0, 0}, {0.85, 1.4, 0.63, 0.10, 0.11},
        {0.90, 8.4, 6.2, 2.2, 2.15}, {0.95, 45.6, 55.3, 28.9, 28.5}};

    private PaperPoints() {
    }

    /**
     * @param setting blind, healer or swapper
     * @param sel     rand or tail
     * @param after   cycles after the crash
     * @return the plotted dead-link percentage, or NaN when the paper plots none there
     */
    public static double fig11Value(String setting, PeerSelection sel, int after) {
        double[] v = FIG11.get(sel.label() + " " + setting);
        if (v == null) {
            return Double.NaN;
        }
        for (int i = 0; i < FIG11_AFTER.length; i++) {
            if (FIG11_AFTER[i] == after) {
                return v[i];
            }
        }
        return Double.NaN;
    }

    /** @return the same as text, blank when there is no point */
    static String fig11(String setting, PeerSelection sel, int after) {
        double v = fig11Value(setting, sel, after);
        return Double.isNaN(v) ? "" : (v == 0 ? "0" : Double.toString(v));
    }

    /** @param setting blind, healer or swapper @return cycles to no dead link, rand, per the paper */
    static String fig11Zero(String setting) {
        return "healer".equals(setting) ? "6 (text: \"as little as 5\")" : "never (1.6-1.7% at +298)";
    }

    /**
     * @param setting blind, healer or swapper
     * @param sel     rand or tail
     * @return the converged in-degree std read from Fig. 4 (blind, swapper) or Fig. 5 (healer, a lower bound)
     */
    public static String convergedStd(String setting, PeerSelection sel) {
        boolean rand = sel == PeerSelection.RAND;
        return switch (setting) {
            case "blind" -> rand ? "23.1" : "21.8";
            case "swapper" -> rand ? "4.17" : "3.66";
            case "healer" -> rand ? "9.9 (Fig. 5; H=14: 10.4)" : "10.8 (Fig. 5; H=14: 11.2)";
            default -> "";
        };
    }
}
