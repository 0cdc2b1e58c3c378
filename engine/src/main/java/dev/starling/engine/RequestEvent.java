package dev.starling.engine;

import java.util.concurrent.CompletableFuture;

/**
 * One slot of an instance's request ring, preallocated and reused. The publisher fills it; only
 * the shard named by {@link #shard} acts on it, and clears its references when done so the ring
 * does not keep answered futures or texts alive.
 */
final class RequestEvent {
    RequestType type;
    int shard;
    long userId;
    String name;
    /** The instance owning {@link #name} when it is another one (a remote follow or profile), else null. */
    RingInstance remote;
    String text;
    int limit;
    long beforeMicros;
    long receivedMicros;
    RingSession session;
    CompletableFuture<Object> future;

    void clearReferences() {
        name = null;
        remote = null;
        text = null;
        session = null;
        future = null;
    }
}
