package dev.starling.engine;

import dev.starling.engine.store.Ids;


/**
 * The routing of one instance: which shard holds a user, and each shard's inbox and counters.
 * Shards get this instead of their instance, so a shard sees its siblings only as places to hand
 * work to. Immutable once built; safe from any thread.
 */
final class ShardDirectory {

    private final String domain;
    private final int instanceIndex;
    private final ShardInbox[] inboxes;
    private final ShardCounters[] counters;

    ShardDirectory(String domain, int instanceIndex, ShardInbox[] inboxes, ShardCounters[] counters) {
        this.domain = domain;
        this.instanceIndex = instanceIndex;
        this.inboxes = inboxes;
        this.counters = counters;
    }

    String domain() {
        return domain;
    }

    int instanceIndex() {
        return instanceIndex;
    }

    int shards() {
        return inboxes.length;
    }

    int shardOfName(String localName) {
        return Ids.shardOfName(localName, inboxes.length);
    }

    int shardOfUser(long userId) {
        return Ids.shardOfUser(userId);
    }

    ShardInbox inbox(int shard) {
        return inboxes[shard];
    }

    ShardCounters counters(int shard) {
        return counters[shard];
    }

    /** Work handed from shard to shard and not yet applied (in inboxes or waiting for room). */
    long handOversInFlight() {
        long received = 0; // read first: a hand-over counted as received was counted as handed over before
        for (ShardCounters c : counters) {
            received += c.received.get();
        }
        long handedOver = 0;
        for (ShardCounters c : counters) {
            handedOver += c.handedOver.get();
        }
        return Math.max(0, handedOver - received);
    }

    /** Wakes every shard's thread (after a drill that held their work back ends). */
    void wakeAll() {
        for (ShardInbox inbox : inboxes) {
            inbox.wake();
        }
    }
}
