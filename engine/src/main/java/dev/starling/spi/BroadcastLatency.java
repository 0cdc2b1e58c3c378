package dev.starling.spi;

import org.HdrHistogram.Histogram;

/**
 * How long sampled messages took to reach their followers' timelines, in microseconds from the
 * message's stamp: to the first and to the last follower, separately for followers on the
 * sender's own instance and on other instances. Histograms are empty when nothing was sampled
 * (for instance on the CENTRALIZED engine, whose timelines are built at read time).
 *
 * @param firstSameInstance  stamp to the first follower on the sender's instance
 * @param lastSameInstance   stamp to the last follower on the sender's instance
 * @param firstOtherInstance stamp to the first follower on any other instance
 * @param lastOtherInstance  stamp to the last follower on all other instances
 * @param sampledMessages    messages whose arrivals were recorded
 */
public record BroadcastLatency(Histogram firstSameInstance, Histogram lastSameInstance,
                               Histogram firstOtherInstance, Histogram lastOtherInstance,
                               long sampledMessages) {

    /**
     * Messages sampled at most between two clears: later messages are not sampled, so that a long
     * run cannot grow the tracker without bound (at one message in 16, 3.2 million messages sent).
     */
    public static final int MAX_SAMPLED = 200_000;

    /** Highest latency the histograms track (one hour), with 3 significant digits. */
    /** The largest latency a histogram records, in microseconds (an hour). */
    public static final long HIGHEST_MICROS = 3_600_000_000L;

    /** Nothing sampled. */
    public static BroadcastLatency empty() {
        return new BroadcastLatency(histogram(), histogram(), histogram(), histogram(), 0);
    }

    /** An empty histogram of broadcast latencies in microseconds, 3 significant digits. */
    public static Histogram histogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }
}
