package dev.starling.engine;

import dev.starling.spi.BroadcastLatency;
import org.HdrHistogram.Histogram;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures staleness on the RING engine: for a deterministic sample of messages (chosen by a
 * hash of the id, so every shard and instance agrees without talking), each shard that puts the
 * message into followers' timelines reports when its first and last insert happened; the tracker
 * keeps, per message, the earliest and latest arrival on the sender's instance and on others.
 * Tracking stops taking new messages at a cap so that a long run cannot grow it without bound.
 */
final class BroadcastTracker {

    private final int sampleMask;
    private final ConcurrentHashMap<Long, Spread> spreads = new ConcurrentHashMap<>();

    /** @param oneIn a power of two: one message in {@code oneIn} is sampled */
    BroadcastTracker(int oneIn) {
        this.sampleMask = oneIn - 1;
    }

    boolean sampled(long messageId) {
        long h = messageId * 0x9E3779B97F4A7C15L;
        return ((int) (h >>> 40) & sampleMask) == 0;
    }

    /** A shard inserted a sampled message into followers' timelines between the two instants. */
    void arrived(long messageId, long stamp, boolean sameInstance, long firstMicros, long lastMicros) {
        Spread spread = spreads.get(messageId);
        if (spread == null) {
            if (spreads.size() >= BroadcastLatency.MAX_SAMPLED) {
                return;
            }
            spread = spreads.computeIfAbsent(messageId, id -> new Spread(stamp));
        }
        spread.record(sameInstance, firstMicros, lastMicros);
    }

    /** Forgets what was recorded (for instance after a warm-up). */
    void clear() {
        spreads.clear();
    }

    BroadcastLatency snapshot() {
        Histogram firstSame = BroadcastLatency.histogram();
        Histogram lastSame = BroadcastLatency.histogram();
        Histogram firstOther = BroadcastLatency.histogram();
        Histogram lastOther = BroadcastLatency.histogram();
        long count = 0;
        for (Spread spread : spreads.values()) {
            synchronized (spread) {
                if (spread.sameFirst != Long.MAX_VALUE) {
                    firstSame.recordValue(clamp(spread.sameFirst - spread.stamp));
                    lastSame.recordValue(clamp(spread.sameLast - spread.stamp));
                }
                if (spread.otherFirst != Long.MAX_VALUE) {
                    firstOther.recordValue(clamp(spread.otherFirst - spread.stamp));
                    lastOther.recordValue(clamp(spread.otherLast - spread.stamp));
                }
            }
            count++;
        }
        return new BroadcastLatency(firstSame, lastSame, firstOther, lastOther, count);
    }

    private static long clamp(long micros) {
        return Math.max(0, Math.min(micros, BroadcastLatency.HIGHEST_MICROS));
    }

    /** Earliest and latest arrival of one message, guarded by its own monitor (rarely contended). */
    private static final class Spread {
        final long stamp;
        long sameFirst = Long.MAX_VALUE;
        long sameLast;
        long otherFirst = Long.MAX_VALUE;
        long otherLast;

        Spread(long stamp) {
            this.stamp = stamp;
        }

        synchronized void record(boolean sameInstance, long first, long last) {
            if (sameInstance) {
                sameFirst = Math.min(sameFirst, first);
                sameLast = Math.max(sameLast, last);
            } else {
                otherFirst = Math.min(otherFirst, first);
                otherLast = Math.max(otherLast, last);
            }
        }
    }
}
