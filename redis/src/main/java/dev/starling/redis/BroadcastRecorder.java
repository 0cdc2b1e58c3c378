package dev.starling.redis;

import dev.starling.spi.BroadcastLatency;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Broadcast latency of sampled messages, from the message's stamp to the moment its fan-out
 * pipeline was acknowledged: on the sender's instance (one pipeline writes every local follower,
 * so first and last are the same moment) and on the other instances (first and last delivery).
 */
final class BroadcastRecorder {

    private final int sampleMask;
    private final Histogram firstSame = BroadcastLatency.histogram();
    private final Histogram lastSame = BroadcastLatency.histogram();
    private final Histogram firstOther = BroadcastLatency.histogram();
    private final Histogram lastOther = BroadcastLatency.histogram();
    private long sampled;

    /** @param oneIn one message in this many (a power of two) is sampled */
    BroadcastRecorder(int oneIn) {
        this.sampleMask = oneIn - 1;
    }

    /** Whether the message with sequence number {@code sequence} is sampled. */
    boolean samples(long sequence) {
        return (sequence & sampleMask) == 0;
    }

    synchronized void sameInstance(long latencyMicros) {
        if (sampled >= BroadcastLatency.MAX_SAMPLED) {
            return;
        }
        sampled++;
        firstSame.recordValue(BroadcastLatency.clamp(latencyMicros));
        lastSame.recordValue(BroadcastLatency.clamp(latencyMicros));
    }

    /** The deliveries of one sampled message to {@code instances} other instances. */
    Remote remote(long stampMicros, int instances) {
        return new Remote(stampMicros, instances);
    }

    synchronized BroadcastLatency snapshot() {
        return new BroadcastLatency(firstSame.copy(), lastSame.copy(), firstOther.copy(), lastOther.copy(), sampled);
    }

    synchronized void clear() {
        firstSame.reset();
        lastSame.reset();
        firstOther.reset();
        lastOther.reset();
        sampled = 0;
    }

    private synchronized void other(Histogram histogram, long latencyMicros) {
        histogram.recordValue(BroadcastLatency.clamp(latencyMicros));
    }

    /** Tracks the first and the last of one message's deliveries to other instances. */
    final class Remote {
        private final long stampMicros;
        private final AtomicInteger left;
        private final AtomicBoolean first = new AtomicBoolean();

        private Remote(long stampMicros, int instances) {
            this.stampMicros = stampMicros;
            this.left = new AtomicInteger(instances);
        }

        void delivered(long nowMicros) {
            if (first.compareAndSet(false, true)) {
                other(firstOther, nowMicros - stampMicros);
            }
            if (left.decrementAndGet() == 0) {
                other(lastOther, nowMicros - stampMicros);
            }
        }
    }
}
