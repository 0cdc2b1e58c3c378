package dev.starling.tools.perf;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What one measurement of the gate found. The three gated timing figures are ratios taken in the
 * same round, so a machine that is slower or faster as a whole moves them little; the mean
 * throughputs are printed for context only. When enough rounds were quiet the timing figures are
 * medians over the quiet rounds and are judged against the thresholds' quiet bounds; otherwise
 * ({@code busy}) they are medians over every round run and are judged against the looser busy
 * bounds (see {@link Thresholds}).
 *
 * @param ringVsCentralized  median of RING (2 threads) / CENTRALIZED throughput
 * @param threads2Vs1        median of RING 2 threads / 1 thread throughput on sends
 * @param sequentialTimeline median of CENTRALIZED / RING wall time of one client reading whole home
 *                           timelines one after the other (the assignment's benchmark shape)
 * @param ringBytes          bytes allocated per answered request, RING with 2 threads, all rounds
 * @param centralizedBytes   bytes allocated per answered request, CENTRALIZED, all rounds
 * @param ring               RING (2 threads) mean requests per second over the rounds the medians use
 * @param ringOneThread      RING (1 thread, callers running no shards) mean sends per second, same rounds
 * @param centralized        CENTRALIZED mean requests per second, same rounds
 * @param quietRounds        rounds in which other processes left the cores alone enough
 * @param rounds             rounds run
 * @param othersShare        median share of all cores other processes used, per round (its worst slice)
 * @param busy               true when too few rounds were quiet, so the timing figures come from every
 *                           round and are judged against the busy bounds
 */
record GateFigures(double ringVsCentralized, double threads2Vs1, double sequentialTimeline, double ringBytes, double centralizedBytes,
                   double ring, double ringOneThread, double centralized, int quietRounds, int rounds,
                   double othersShare, boolean busy) {

    static final String RING_VS_CENTRALIZED = "ring_vs_centralized";
    static final String THREADS_2_VS_1 = "threads_2_vs_1";
    static final String SEQUENTIAL_TIMELINE = "sequential_timeline_ring_vs_centralized";
    static final String RING_BYTES_PER_REQUEST = "ring_bytes_per_request";
    /** The gated figures, in the order they are printed. */
    static final List<String> NAMES = List.of(RING_VS_CENTRALIZED, THREADS_2_VS_1, SEQUENTIAL_TIMELINE,
            RING_BYTES_PER_REQUEST);
    /** The figures that are timings, and so move with other processes' load; allocation does not. */
    static final List<String> TIMINGS = List.of(RING_VS_CENTRALIZED, THREADS_2_VS_1, SEQUENTIAL_TIMELINE);

    /**
     * The figures of one measurement's rounds: medians over the quiet rounds when at least
     * {@code wanted} were quiet, else medians over every round, marked busy.
     *
     * @param rounds    the rounds in the order they ran, at least one
     * @param wanted    quiet rounds needed to judge on quiet rounds alone
     * @param maxOthers largest share (0 to 1) of the cores other processes may use in a quiet round
     * @param ringBytes bytes allocated per RING request over all rounds
     * @param centralizedBytes bytes allocated per CENTRALIZED request over all rounds
     * @throws IllegalArgumentException when {@code rounds} is empty
     */
    static GateFigures of(List<GateRound> rounds, int wanted, double maxOthers, double ringBytes, double centralizedBytes) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds to take figures from");
        }
        List<GateRound> quiet = rounds.stream().filter(r -> r.quiet(maxOthers)).toList();
        boolean busy = quiet.size() < wanted;
        List<GateRound> counted = busy ? rounds : quiet;
        return new GateFigures(median(counted, GateRound::ringVsCentralized), median(counted, GateRound::threads2Vs1),
                median(counted, GateRound::sequentialTimeline), ringBytes, centralizedBytes,
                mean(counted, GateRound::ringMix), mean(counted, GateRound::ringOneThreadSends),
                mean(counted, GateRound::centralizedMix), quiet.size(), rounds.size(),
                median(rounds, GateRound::othersShare), busy);
    }

    double value(String figure) {
        return switch (figure) {
            case RING_VS_CENTRALIZED -> ringVsCentralized;
            case THREADS_2_VS_1 -> threads2Vs1;
            case SEQUENTIAL_TIMELINE -> sequentialTimeline;
            case RING_BYTES_PER_REQUEST -> ringBytes;
            default -> throw new IllegalArgumentException("unknown figure " + figure);
        };
    }

    /** True when {@code figure} is to be judged against its busy bound in this measurement. */
    boolean judgedAsBusy(String figure) {
        return busy && TIMINGS.contains(figure);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static double median(List<GateRound> rounds, ToDoubleFunction<GateRound> figure) {
        return median(rounds.stream().mapToDouble(figure).toArray());
    }

    private static double mean(List<GateRound> rounds, ToDoubleFunction<GateRound> figure) {
        return rounds.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }

    static String label(String figure) {
        return switch (figure) {
            case RING_VS_CENTRALIZED -> "throughput RING / CENTRALIZED";
            case THREADS_2_VS_1 -> "throughput RING 2 threads / 1 thread";
            case SEQUENTIAL_TIMELINE -> "1 client, whole timelines: RING speed-up";
            case RING_BYTES_PER_REQUEST -> "bytes allocated per RING request";
            default -> figure;
        };
    }

    static String format(String figure, double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return figure.equals(RING_BYTES_PER_REQUEST) ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
