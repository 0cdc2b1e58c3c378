package dev.starling.spi;

import org.HdrHistogram.Histogram;

import java.util.Collection;

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

    /** The latencies of {@code spreads}, one message each (merge the parts of one message first). */
    public static BroadcastLatency of(Collection<BroadcastSpread> spreads) {
        Histogram firstSame = histogram();
        Histogram lastSame = histogram();
        Histogram firstOther = histogram();
        Histogram lastOther = histogram();
        for (BroadcastSpread s : spreads) {
            if (s.firstSame() != BroadcastSpread.NONE) {
                firstSame.recordValue(clamp(s.firstSame() - s.stamp()));
                lastSame.recordValue(clamp(s.lastSame() - s.stamp()));
            }
            if (s.firstOther() != BroadcastSpread.NONE) {
                firstOther.recordValue(clamp(s.firstOther() - s.stamp()));
                lastOther.recordValue(clamp(s.lastOther() - s.stamp()));
            }
        }
        return new BroadcastLatency(firstSame, lastSame, firstOther, lastOther, spreads.size());
    }

    /** A latency within what the histograms record: from 0 to {@link #HIGHEST_MICROS}. */
    public static long clamp(long micros) {
        return Math.max(0, Math.min(micros, HIGHEST_MICROS));
    }

    /** An empty histogram of broadcast latencies in microseconds, 3 significant digits. */
    public static Histogram histogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }
}
