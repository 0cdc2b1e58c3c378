package dev.starling.tools.perf;

import java.util.Locale;

/**
 * One limit of the performance gate: a figure must stay at or above ({@code min}) or at or below
 * ({@code max}) a bound, for the reason given next to it in the thresholds file.
 *
 * @param figure  the figure's key, e.g. {@code ring_vs_centralized}
 * @param bound   the limit
 * @param minimum true for a lower bound, false for an upper one
 * @param why     the reason for the bound, printed with a failure
 */
record Threshold(String figure, double bound, boolean minimum, String why) {

    boolean passes(double measured) {
        return minimum ? measured >= bound : measured <= bound;
    }

    String describe() {
        return String.format(Locale.ROOT, "%s %s", minimum ? ">=" : "<=", GateFigures.format(figure, bound));
    }
}
