package dev.starling.engine;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.ShardStores;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One RING instance: a multi-producer Disruptor ring that every request for its domain enters,
 * and its shards. A user lives in the shard chosen by the hash of the lower-case name; requests
 * about a user are handled by that user's shard only. Publishing never blocks: a full ring
 * answers {@code OVERLOADED} at once.
 */
public final class RingInstance implements Instance {

    private final String domain;
    private final int index;
    private final RingBuffer<RequestEvent> ring;
    private final Shard[] shards;
    private volatile boolean closed;

    RingInstance(String domain, int index, EngineSettings settings, Path directory) {
        this.domain = domain;
        this.index = index;
        this.ring = RingBuffer.createMultiProducer(RequestEvent::new, settings.ringSize());
        int n = settings.shardsPerInstance();
        this.shards = new Shard[n];
        try {
            for (int i = 0; i < n; i++) {
                EventPoller<RequestEvent> poller = ring.newPoller();
                ring.addGatingSequences(poller.getSequence());
                ShardStores stores = new ShardStores(directory.resolve("shard-" + i), settings.storeSizing());
                try {
                    shards[i] = new Shard(this, i, stores, poller, settings.inboxBytes(), settings.backfill(), n);
                } catch (RuntimeException e) {
                    stores.close();
                    throw e;
                }
            }
        } catch (RuntimeException e) {
            closeStores();
            throw e;
        }
    }

    @Override
    public String domain() {
        return domain;
    }

    long ringCursor() {
        return ring.getCursor();
    }

    int index() {
        return index;
    }

    Shard[] shards() {
        return shards;
    }

    Shard shard(int i) {
        return shards[i];
    }

    @Override
    public CompletableFuture<Session> registerUser(String userName) {
        try {
            String local = Validation.localNameOnInstance(userName, domain);
            return publish(RequestType.REGISTER, shardIndexOfName(local), null, 0, local, null, 0, Long.MAX_VALUE);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Session> logIn(String userName) {
        try {
            String local = Validation.localNameOnInstance(userName, domain);
            return publish(RequestType.LOG_IN, shardIndexOfName(local), null, 0, local, null, 0, Long.MAX_VALUE);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Claims a slot without waiting, fills it and publishes it. The future completes on the
     * shard's thread; a full ring or a closed instance fails it at once.
     */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> publish(RequestType type, int shard, RingSession session, long userId,
                                     String name, String text, int limit, long beforeMicros) {
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            return CompletableFuture.failedFuture(new StarlingException(ErrorCode.OVERLOADED,
                    domain + " has " + ring.getBufferSize() + " requests waiting; try again later"));
        }
        CompletableFuture<Object> future = new CompletableFuture<>();
        RequestEvent event = ring.get(sequence);
        event.type = type;
        event.shard = shard;
        event.session = session;
        event.userId = userId;
        event.name = name;
        event.text = text;
        event.limit = limit;
        event.beforeMicros = beforeMicros;
        event.receivedMicros = type == RequestType.SEND ? EpochMicros.now() : 0; // only a send is stamped
        event.future = future;
        ring.publish(sequence);
        shards[shard].wake();
        if (closed) { // closed while publishing: the shards may be gone, so do not leave the caller waiting
            future.completeExceptionally(closedException());
        }
        return (CompletableFuture<T>) future;
    }

    private StarlingException closedException() {
        return new StarlingException(ErrorCode.CLOSED, domain + " is closed");
    }

    /** Rejects names on other domains until federation links this instance to them. */
    void requireLocal(Validation.QualifiedName name) {
        if (!name.domain().equals(domain)) {
            throw new StarlingException(ErrorCode.UNKNOWN_INSTANCE, name.domain() + " is not deployed");
        }
    }

    int shardIndexOfName(String localName) {
        int h = localName.toLowerCase(Locale.ROOT).hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b; // spread the hash so that similar names land on different shards
        h ^= h >>> 13;
        return Math.floorMod(h, shards.length);
    }

    int shardIndexOfUser(long userId) {
        return Ids.shardOfUser(userId);
    }

    Shard shardOfName(String localName) {
        return shards[shardIndexOfName(localName)];
    }

    Shard shardOfUser(long userId) {
        return shards[Ids.shardOfUser(userId)];
    }

    /** True when every published request and every hand-over between shards has been handled. */
    boolean quiescent() {
        long cursor = ring.getCursor();
        for (Shard shard : shards) {
            if (shard.ringPosition() < cursor) {
                return false;
            }
        }
        long received = 0;
        for (Shard shard : shards) {
            received += shard.received();
        }
        long handedOver = 0;
        for (Shard shard : shards) {
            handedOver += shard.handedOver();
        }
        return received == handedOver;
    }

    /** A snapshot of this instance's counters. */
    public InstanceStats stats() {
        Map<RequestType, Long> done = new EnumMap<>(RequestType.class);
        for (RequestType type : RequestType.values()) {
            long sum = 0;
            for (Shard shard : shards) {
                sum += shard.done(type);
            }
            done.put(type, sum);
        }
        long cursor = ring.getCursor();
        long backlog = 0;
        long inbox = 0;
        long faults = 0;
        long handOvers = 0;
        for (Shard shard : shards) {
            backlog = Math.max(backlog, cursor - shard.ringPosition());
            inbox += shard.inboxBacklog();
            faults += shard.faults();
            handOvers += shard.handedOver();
        }
        return new InstanceStats(domain, done, backlog, inbox, handOvers, faults);
    }

    void markClosed() {
        closed = true;
    }

    /** After the engine threads stopped: fail every request still in the ring with {@code CLOSED}. */
    void failOutstanding() {
        long cursor = ring.getCursor();
        long from = Math.max(0, cursor - ring.getBufferSize() + 1);
        for (long s = from; s <= cursor; s++) {
            RequestEvent event = ring.get(s);
            CompletableFuture<Object> future = event.future;
            if (future != null) {
                future.completeExceptionally(closedException());
                event.clearReferences();
            }
        }
    }

    void closeStores() {
        for (Shard shard : shards) {
            if (shard != null) {
                shard.stores.close();
            }
        }
    }

}
