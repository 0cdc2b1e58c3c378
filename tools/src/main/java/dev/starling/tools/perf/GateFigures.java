package dev.starling.tools.perf;

import java.util.List;
import java.util.Locale;

/**
 * What one measurement of the gate found. The three gated figures are ratios or per-request
 * counts taken in the same run, so a machine that is slower or faster as a whole moves them
 * little; the mean throughputs are printed for context only. The two ratios come from quiet
 * rounds only and are NaN when too few rounds were quiet.
 *
 * @param ringVsCentralized median over quiet rounds of RING (2 threads) / CENTRALIZED throughput
 * @param threads2Vs1       median over quiet rounds of RING 2 threads / 1 thread throughput
 * @param sequentialTimeline median over quiet rounds of CENTRALIZED / RING wall time of one client reading
 *                          whole home timelines one after the other (the assignment's benchmark shape)
 * @param ringBytes         bytes allocated per answered request, RING with 2 threads, all rounds
 * @param centralizedBytes  bytes allocated per answered request, CENTRALIZED, all rounds
 * @param ring              RING (2 threads) mean requests per second over quiet rounds
 * @param ringOneThread     RING (1 thread, callers running no shards) mean sends per second over quiet rounds
 * @param centralized       CENTRALIZED mean requests per second over quiet rounds
 * @param quietRounds       rounds in which other processes left the cores alone enough
 * @param rounds            rounds run
 * @param othersShare       median share of all cores other processes used, per round (its worst slice)
 */
record GateFigures(double ringVsCentralized, double threads2Vs1, double sequentialTimeline, double ringBytes, double centralizedBytes,
                   double ring, double ringOneThread, double centralized, int quietRounds, int rounds,
                   double othersShare) {

    static final String RING_VS_CENTRALIZED = "ring_vs_centralized";
    static final String THREADS_2_VS_1 = "threads_2_vs_1";
    static final String SEQUENTIAL_TIMELINE = "sequential_timeline_ring_vs_centralized";
    static final String RING_BYTES_PER_REQUEST = "ring_bytes_per_request";
    /** The gated figures, in the order they are printed. */
    static final List<String> NAMES = List.of(RING_VS_CENTRALIZED, THREADS_2_VS_1, SEQUENTIAL_TIMELINE,
            RING_BYTES_PER_REQUEST);

    double value(String figure) {
        return switch (figure) {
            case RING_VS_CENTRALIZED -> ringVsCentralized;
            case THREADS_2_VS_1 -> threads2Vs1;
            case SEQUENTIAL_TIMELINE -> sequentialTimeline;
            case RING_BYTES_PER_REQUEST -> ringBytes;
            default -> throw new IllegalArgumentException("unknown figure " + figure);
        };
    }

    /** False for a timing figure this measurement could not judge (too few quiet rounds). */
    boolean judged(String figure) {
        return !Double.isNaN(value(figure));
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
