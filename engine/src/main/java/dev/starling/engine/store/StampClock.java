package dev.starling.engine.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The stamps of one instance: the wall clock in microseconds whenever it is ahead, and never
 * at or below a stamp the instance already gave, whichever sender, shard or run gave it. Each
 * stamp is {@code max(wall clock, last stamp + 1)} over the whole instance (a compare-and-swap
 * shared by its shards), and the last stamp survives a restart: every shard keeps the newest
 * stamp it gave in its stores, and the instance starts from the highest. A wall clock stepped
 * back (by NTP, or across a restart) therefore makes stamps advance by one microsecond per
 * message until it catches up, instead of placing new messages below older ones of other
 * senders. Stamps of one instance are also unique: two messages of one instance never tie.
 */
public final class StampClock {

    private final AtomicLong last;

    /** @param floor the highest stamp given before (0 for none) */
    public StampClock(long floor) {
        this.last = new AtomicLong(floor);
    }

    /** A stamp later than every stamp given so far, and {@code candidate} itself when that is. */
    public long next(long candidate) {
        while (true) {
            long previous = last.get();
            long stamp = Math.max(candidate, previous + 1);
            if (last.compareAndSet(previous, stamp)) {
                return stamp;
            }
        }
    }

    /** The newest stamp given so far. */
    public long last() {
        return last.get();
    }
}
