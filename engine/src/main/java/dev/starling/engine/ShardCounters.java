package dev.starling.engine;

import dev.starling.spi.RequestType;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * A shard's counters, as Agrona {@link AtomicCounter}s in its engine's counters buffer (readable
 * by any thread, as Aeron's driver counters). The thread holding the shard is their only writer,
 * so each is bumped with a release store ({@code incrementRelease}), never a locked add.
 */
final class ShardCounters {

    private final AtomicCounter[] done = new AtomicCounter[RequestType.values().length];
    /** Work handed to other shards of the instance (written to an inbox, or waiting for room). */
    final AtomicCounter handedOver;
    /** Hand-overs this shard took from its inbox and applied. */
    final AtomicCounter received;
    /** Hand-overs waiting for room in a full inbox. */
    final AtomicCounter handOversWaiting;
    /** Faults caught inside a handler (each failed one request or event, and was logged). */
    final AtomicCounter faults;
    /** Inbound federation events handled. */
    final AtomicCounter federationHandled;
    /** Federation events sent to other instances (published or queued). */
    final AtomicCounter federationSent;
    /** Federation events waiting for room on another instance's ring. */
    final AtomicCounter federationQueued;
    /** Federation events addressed to instances that are not deployed. */
    final AtomicCounter federationDropped;
    /** Messages sent to another instance's followers (one per message and instance). */
    final AtomicCounter deliveriesSent;
    /** Messages of other instances' users received for local followers. */
    final AtomicCounter deliveriesReceived;
    /** Remote calls (follows, profile pages) waiting for their answer. */
    final AtomicCounter remoteCallsWaiting;
    /** Remote calls that timed out. */
    final AtomicCounter remoteTimeouts;

    ShardCounters(CountersManager manager, String shardName) {
        for (RequestType type : RequestType.values()) {
            done[type.ordinal()] = manager.newCounter(shardName + ": requests done " + type);
        }
        handedOver = manager.newCounter(shardName + ": hand-overs sent");
        received = manager.newCounter(shardName + ": hand-overs received");
        handOversWaiting = manager.newCounter(shardName + ": hand-overs waiting for room");
        faults = manager.newCounter(shardName + ": faults");
        federationHandled = manager.newCounter(shardName + ": federation events handled");
        federationSent = manager.newCounter(shardName + ": federation events sent");
        federationQueued = manager.newCounter(shardName + ": federation events waiting for room");
        federationDropped = manager.newCounter(shardName + ": federation events dropped");
        deliveriesSent = manager.newCounter(shardName + ": deliveries sent");
        deliveriesReceived = manager.newCounter(shardName + ": deliveries received");
        remoteCallsWaiting = manager.newCounter(shardName + ": remote calls waiting");
        remoteTimeouts = manager.newCounter(shardName + ": remote calls timed out");
    }

    /** Counters each shard allocates: sizes the engine's counters buffer. */
    static int perShard() {
        return RequestType.values().length + 12;
    }

    /** The counters the shard's {@link FederationPort} keeps. */
    FederationCounters federation() {
        return new FederationCounters(federationSent, federationQueued, federationDropped, federationHandled,
                deliveriesSent, deliveriesReceived);
    }

    AtomicCounter done(RequestType type) {
        return done[type.ordinal()];
    }
}
