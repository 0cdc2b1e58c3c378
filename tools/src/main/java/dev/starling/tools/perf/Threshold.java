package dev.starling.tools.perf;

import java.util.Locale;

/**
 * One limit of the performance gate: a figure must stay at or above ({@code min}) or at or below
 * ({@code max}) a bound, for the reason given next to it in the thresholds file. A timing figure
 * also has a looser bound on the same side for a measurement in which the machine was too busy
 * for enough quiet rounds.
 *
 * @param figure    the figure's key, e.g. {@code ring_vs_centralized}
 * @param bound     the limit on a quiet machine
 * @param minimum   true for a lower bound, false for an upper one
 * @param why       the reason for the bound, printed with a failure
 * @param busyBound the limit when the machine was busy; NaN for a figure that does not depend on timing
 * @param busyWhy   the reason for the busy bound; empty when there is none
 */
record Threshold(String figure, double bound, boolean minimum, String why, double busyBound, String busyWhy) {

    /** A bound that holds whether the machine is busy or not. */
    Threshold(String figure, double bound, boolean minimum, String why) {
        this(figure, bound, minimum, why, Double.NaN, "");
    }

    /** The bound a measurement is judged against: the busy one when {@code busy} and there is one. */
    double bound(boolean busy) {
        return busy && !Double.isNaN(busyBound) ? busyBound : bound;
    }

    boolean passes(double measured, boolean busy) {
        double limit = bound(busy);
        return minimum ? measured >= limit : measured <= limit;
    }

    boolean passes(double measured) {
        return passes(measured, false);
    }

    String describe(boolean busy) {
        return String.format(Locale.ROOT, "%s %s", minimum ? ">=" : "<=", GateFigures.format(figure, bound(busy)));
    }
}
