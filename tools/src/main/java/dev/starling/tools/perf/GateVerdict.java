package dev.starling.tools.perf;

import java.util.ArrayList;
import java.util.List;

/**
 * The gate's judgement of one or two measurements against the thresholds. A timing figure of a
 * measurement with enough quiet rounds is judged against its quiet bound; of a busy measurement,
 * against its busy bound (looser, see {@link Thresholds}), so a busy machine weakens the check
 * instead of switching it off. A figure past its bound in the first measurement counts with the
 * second one when there is one: it fails only when both are past the bound that applies to each.
 *
 * @param lines   one judgement per threshold, in the thresholds' order
 * @param outcome the verdict over all lines
 */
record GateVerdict(List<Line> lines, Outcome outcome) {

    /** What the gate concludes; {@link #PASSED_ON_BUSY_BOUNDS} says some figure was held only to its busy bound. */
    enum Outcome { PASSED, PASSED_ON_BUSY_BOUNDS, FAILED }

    /**
     * One figure's judgement.
     *
     * @param threshold   the figure's limits
     * @param value       the value judged
     * @param busy        true when it was judged against the busy bound
     * @param measurement the measurement (1 or 2) the value comes from
     * @param passed      true when the value is within the bound that applied
     * @param firstValue  when the value comes from measurement 2, the first measurement's value; NaN otherwise
     * @param firstBusy   when the value comes from measurement 2, whether the first was judged as busy
     */
    record Line(Threshold threshold, double value, boolean busy, int measurement, boolean passed,
                double firstValue, boolean firstBusy) {

        /** The bound that applied, as text: {@code >= 3.50}. */
        String bound() {
            return threshold.describe(busy);
        }
    }

    /** True when some figure of {@code figures} is past the bound that applies to it. */
    static boolean anyFails(List<Threshold> thresholds, GateFigures figures) {
        return thresholds.stream().anyMatch(t -> !t.passes(figures.value(t.figure()), figures.judgedAsBusy(t.figure())));
    }

    /**
     * Judges the figures.
     *
     * @param thresholds the limits, one per gated figure
     * @param first      the first measurement
     * @param second     the measurement taken because some figure of the first failed; null when none was
     */
    static GateVerdict judge(List<Threshold> thresholds, GateFigures first, GateFigures second) {
        List<Line> lines = new ArrayList<>();
        for (Threshold t : thresholds) {
            double value = first.value(t.figure());
            boolean busy = first.judgedAsBusy(t.figure());
            boolean passed = t.passes(value, busy);
            if (passed || second == null) {
                lines.add(new Line(t, value, busy, 1, passed, Double.NaN, false));
            } else {
                double again = second.value(t.figure());
                boolean busyAgain = second.judgedAsBusy(t.figure());
                lines.add(new Line(t, again, busyAgain, 2, t.passes(again, busyAgain), value, busy));
            }
        }
        Outcome outcome = lines.stream().anyMatch(l -> !l.passed()) ? Outcome.FAILED
                : lines.stream().anyMatch(Line::busy) ? Outcome.PASSED_ON_BUSY_BOUNDS : Outcome.PASSED;
        return new GateVerdict(List.copyOf(lines), outcome);
    }
}
