package dev.starling.engine;

import dev.starling.engine.store.TimelineWindow;

/**
 * A followed user's newest messages for one new follower's timeline, newest first: a reusable
 * scratch that the shard fills and a hand-over or federation event carries.
 */
final class Backfill {

    long follower;
    long followed;
    int count;
    final long[] stamps = new long[TimelineWindow.CAPACITY];
    final long[] ids = new long[TimelineWindow.CAPACITY];

    Backfill reset(long follower, long followed) {
        this.follower = follower;
        this.followed = followed;
        this.count = 0;
        return this;
    }

    void add(long stamp, long messageId) {
        stamps[count] = stamp;
        ids[count] = messageId;
        count++;
    }
}
