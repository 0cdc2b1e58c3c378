package dev.starling.engine;

import dev.starling.spi.RequestType;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The callers' side of an instance's request ring: one method per request, each claiming a slot
 * without waiting, filling it with ids and values, and publishing it (in a {@code finally}, so a
 * claimed slot is always published). The future completes on whichever thread runs the shard;
 * a full ring or a closed instance fails it at once. After publishing, the caller runs the shard
 * itself when its engine thread is idle, else wakes it ({@link CallerSide#runOrWake}).
 */
final class RequestPublisher {

    private final String domain;
    private final RingBuffer<RequestEvent> ring;
    private final Shard[] shards;
    private final CallerSide callers;
    /** The wall clock in microseconds (the engine's, injectable for tests). */
    private final LongSupplier clock;
    private volatile boolean closed;

    RequestPublisher(String domain, RingBuffer<RequestEvent> ring, Shard[] shards, CallerSide callers,
                     LongSupplier clock) {
        this.domain = domain;
        this.ring = ring;
        this.shards = shards;
        this.callers = callers;
        this.clock = clock;
    }

    <T> CompletableFuture<T> register(int shard, String localName) {
        return named(RequestType.REGISTER, shard, localName);
    }

    <T> CompletableFuture<T> logIn(int shard, String localName) {
        return named(RequestType.LOG_IN, shard, localName);
    }

    /** A follow by {@code userId} of {@code targetLocalName}, of this instance ({@code remoteInstance} -1) or another. */
    <T> CompletableFuture<T> follow(int shard, long userId, String user, String targetLocalName,
                                     int remoteInstance, int remoteShard) {
        long sequence = claim();
        if (sequence < 0) {
            return overloaded();
        }
        CompletableFuture<Object> future = new CompletableFuture<>();
        try {
            RequestEvent event = start(sequence, RequestType.FOLLOW, shard, future);
            event.userId = userId;
            event.user = user;
            event.name = targetLocalName;
            event.remoteInstance = remoteInstance;
            event.remoteShard = remoteShard;
        } finally {
            ring.publish(sequence);
        }
        return published(shard, future);
    }

    /** A message of {@code userId}, stamped now (the time the instance received it). */
    <T> CompletableFuture<T> send(int shard, long userId, String user, String text) {
        long sequence = claim();
        if (sequence < 0) {
            return overloaded();
        }
        CompletableFuture<Object> future = new CompletableFuture<>();
        try {
            RequestEvent event = start(sequence, RequestType.SEND, shard, future);
            event.userId = userId;
            event.user = user;
            event.text = text;
            event.receivedMicros = clock.getAsLong();
        } finally {
            ring.publish(sequence);
        }
        return published(shard, future);
    }

    /**
     * A home timeline read by the user's shard (when the caller's own read kept failing): the
     * entries after the cursor ({@code beforeMicros}, {@code beforeId}); see {@link RequestEvent#beforeId}.
     */
    <T> CompletableFuture<T> timeline(int shard, long userId, int limit, long beforeMicros, long beforeId) {
        long sequence = claim();
        if (sequence < 0) {
            return overloaded();
        }
        CompletableFuture<Object> future = new CompletableFuture<>();
        try {
            RequestEvent event = start(sequence, RequestType.TIMELINE, shard, future);
            event.userId = userId;
            event.limit = limit;
            event.beforeMicros = beforeMicros;
            event.beforeId = beforeId;
        } finally {
            ring.publish(sequence);
        }
        return published(shard, future);
    }

    /** A profile page of a user of instance {@code remoteInstance}, asked for by the reader's shard. */
    <T> CompletableFuture<T> remoteProfile(int shard, String localName, int remoteInstance, int remoteShard,
                                            int limit, long beforeMicros) {
        long sequence = claim();
        if (sequence < 0) {
            return overloaded();
        }
        CompletableFuture<Object> future = new CompletableFuture<>();
        try {
            RequestEvent event = start(sequence, RequestType.PROFILE, shard, future);
            event.name = localName;
            event.remoteInstance = remoteInstance;
            event.remoteShard = remoteShard;
            event.limit = limit;
            event.beforeMicros = beforeMicros;
        } finally {
            ring.publish(sequence);
        }
        return published(shard, future);
    }

    /** Refuses requests from now on with {@code CLOSED}. */
    void markClosed() {
        closed = true;
    }

    StarlingException closedException() {
        return new StarlingException(ErrorCode.CLOSED, domain + " is closed");
    }

    private <T> CompletableFuture<T> named(RequestType type, int shard, String localName) {
        long sequence = claim();
        if (sequence < 0) {
            return overloaded();
        }
        CompletableFuture<Object> future = new CompletableFuture<>();
        try {
            start(sequence, type, shard, future).name = localName;
        } finally {
            ring.publish(sequence);
        }
        return published(shard, future);
    }

    /** A claimed sequence, or -1 when the ring is full or the instance closed. */
    private long claim() {
        if (closed) {
            return -1;
        }
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException e) {
            return -1;
        }
    }

    private RequestEvent start(long sequence, RequestType type, int shard, CompletableFuture<Object> future) {
        RequestEvent event = ring.get(sequence);
        event.type = type;
        event.shard = shard;
        event.userId = 0;
        event.user = null;
        event.name = null;
        event.remoteInstance = -1;
        event.remoteShard = 0;
        event.text = null;
        event.limit = 0;
        event.beforeMicros = Long.MAX_VALUE;
        event.beforeId = Long.MIN_VALUE;
        event.receivedMicros = 0;
        event.future = future;
        return event;
    }

    private <T> CompletableFuture<T> overloaded() {
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        return CompletableFuture.failedFuture(new StarlingException(ErrorCode.OVERLOADED,
                domain + " has " + ring.getBufferSize() + " requests waiting; try again later"));
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> published(int shard, CompletableFuture<Object> future) {
        callers.runOrWake(shards[shard], future);
        if (closed) { // closed while publishing: the shards may be gone, so do not leave the caller waiting
            future.completeExceptionally(closedException());
        }
        return (CompletableFuture<T>) future;
    }
}
