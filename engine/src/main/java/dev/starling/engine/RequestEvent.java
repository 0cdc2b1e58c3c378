package dev.starling.engine;

import dev.starling.spi.RequestType;
import java.util.concurrent.CompletableFuture;

/**
 * One slot of an instance's request ring, preallocated and reused: ids and values only, filled by
 * {@link RequestPublisher}. Only the shard named by {@link #shard} acts on it, and clears its
 * references when done so the ring does not keep answered futures or texts alive.
 */
final class RequestEvent {
    RequestType type;
    int shard;
    /** The session's user (follow, send, timeline, remote profile), else 0. */
    long userId;
    /** The session's user as {@code name@domain}, else null. */
    String user;
    /** The local name asked for: registered, logged in, followed or whose profile is read. */
    String name;
    /** The instance owning {@link #name} when it is another one (a remote follow or profile), else -1. */
    int remoteInstance;
    /** The shard of {@link #name} on {@link #remoteInstance}. */
    int remoteShard;
    String text;
    int limit;
    long beforeMicros;
    /** With {@link #beforeMicros}, the id of the cursor message: {@code Long.MIN_VALUE} pages by stamp alone. */
    long beforeId;
    long receivedMicros;
    CompletableFuture<Object> future;

    void clearReferences() {
        user = null;
        name = null;
        text = null;
        future = null;
    }
}
