package dev.starling.engine;

import dev.starling.spi.BroadcastLatency;
import dev.starling.spi.BroadcastSpread;

import java.util.ArrayList;
import java.util.List;

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
        return BroadcastLatency.of(spreads());
    }

    /** Each sampled message's arrivals so far. */
    List<BroadcastSpread> spreads() {
        List<BroadcastSpread> all = new ArrayList<>(spreads.size());
        spreads.forEach((id, spread) -> {
            synchronized (spread) {
                all.add(new BroadcastSpread(id, spread.stamp, spread.sameFirst, spread.sameLast, spread.otherFirst,
                        spread.otherLast));
            }
        });
        return all;
    }

    /** Earliest and latest arrival of one message, guarded by its own monitor (rarely contended). */
    private static final class Spread {
        final long stamp;
        long sameFirst = BroadcastSpread.NONE;
        long sameLast;
        long otherFirst = BroadcastSpread.NONE;
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
