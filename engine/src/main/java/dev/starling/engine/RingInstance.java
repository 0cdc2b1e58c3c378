package dev.starling.engine;

import dev.starling.runtime.EpochMicros;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.ShardStores;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One RING instance: a multi-producer Disruptor ring that every request for its domain enters,
 * a second one (its inbound federation ring) that other instances publish to, and its shards.
 * A user lives in the shard chosen by the hash of the lower-case name; requests about a user are
 * handled by that user's shard only. Publishing never blocks: a full request ring answers
 * {@code OVERLOADED} at once, and a full federation ring makes the sending shard retry later.
 */
public final class RingInstance implements Instance {


    private final String domain;
    private final int index;
    private final RingBuffer<RequestEvent> ring;
    private final RingBuffer<FederationEvent> federationRing;
    private final Federation federation;
    private final Shard[] shards;
    private final ShardStores[] stores;
    private final MessageCache messages;
    private final ReadCounters reads = new ReadCounters();
    private final CallerSide callers;
    private volatile boolean closed;
    private volatile boolean federationSuspended;
    private volatile boolean handOversSuspended;

    RingInstance(String domain, int index, EngineSettings settings, Path directory, Federation federation,
                 BroadcastTracker broadcast) {
        this.domain = domain;
        this.index = index;
        this.federation = federation;
        this.ring = RingBuffer.createMultiProducer(RequestEvent::new, settings.ringSize());
        this.federationRing = RingBuffer.createMultiProducer(FederationEvent::new, settings.federationRingSize());
        int n = settings.shardsPerInstance();
        this.shards = new Shard[n];
        this.stores = new ShardStores[n];
        this.messages = new MessageCache(settings.messageCacheSize());
        this.callers = new CallerSide(domain, stores, messages, reads);
        try {
            for (int i = 0; i < n; i++) {
                stores[i] = new ShardStores(directory.resolve("shard-" + i), settings.storeSizing());
            }
            for (int i = 0; i < n; i++) {
                EventPoller<RequestEvent> poller = ring.newPoller();
                ring.addGatingSequences(poller.getSequence());
                EventPoller<FederationEvent> federationPoller = federationRing.newPoller();
                federationRing.addGatingSequences(federationPoller.getSequence());
                shards[i] = new Shard(this, i, stores[i], poller, federationPoller, settings, federation, broadcast,
                        new StoreReader(domain, stores, messages, reads), messages);
            }
            for (ShardStores shardStores : stores) {
                if (shardStores.recovered()) {
                    CrashRepair.repair(this, shards, settings.backfill());
                    break;
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

    long federationCursor() {
        return federationRing.getCursor();
    }

    Federation federation() {
        return federation;
    }

    /**
     * Publishes a copy of {@code event} on this instance's inbound federation ring, if a slot is
     * free; never waits. Called by shards of other instances, which wake the receiving shard, or
     * leave it to their caller to run ({@code wake} false).
     */
    boolean tryPublishFederation(FederationEvent event, boolean wake) {
        long sequence;
        try {
            sequence = federationRing.tryNext();
        } catch (InsufficientCapacityException e) {
            return false;
        }
        federationRing.get(sequence).copyFrom(event);
        federationRing.publish(sequence);
        if (wake) {
            shards[event.shard].wake();
        }
        return true;
    }

    /**
     * Stops (or resumes) handling inbound federation events, as if this instance stopped
     * answering other instances: their remote requests then end in {@code TIMEOUT}. For drills
     * and fault-injection tests.
     */
    public void suspendFederation(boolean suspended) {
        this.federationSuspended = suspended;
        if (!suspended) {
            wakeAllShards();
        }
    }

    boolean federationSuspended() {
        return federationSuspended;
    }

    /**
     * Stops (or resumes) applying the work this instance's shards hand each other (fan-outs of
     * messages into followers' timelines, backfills), as if its shards fell behind on it: what is
     * handed over waits, and back-pressure must bound it. For drills and back-pressure tests.
     */
    public void suspendHandOvers(boolean suspended) {
        this.handOversSuspended = suspended;
        if (!suspended) {
            wakeAllShards();
        }
    }

    boolean handOversSuspended() {
        return handOversSuspended;
    }

    private void wakeAllShards() {
        for (Shard shard : shards) {
            shard.wake();
        }
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
            return publish(RequestType.REGISTER, shardIndexOfName(local), null, 0, local, null, null, 0, Long.MAX_VALUE);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Session> logIn(String userName) {
        try {
            String local = Validation.localNameOnInstance(userName, domain);
            return publish(RequestType.LOG_IN, shardIndexOfName(local), null, 0, local, null, null, 0, Long.MAX_VALUE);
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
                                     String name, RingInstance remote, String text, int limit, long beforeMicros) {
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
        event.remote = remote;
        event.text = text;
        event.limit = limit;
        event.beforeMicros = beforeMicros;
        event.receivedMicros = type == RequestType.SEND ? EpochMicros.now() : 0; // only a send is stamped
        event.future = future;
        ring.publish(sequence);
        callers.runOrWake(shards[shard], future);
        if (closed) { // closed while publishing: the shards may be gone, so do not leave the caller waiting
            future.completeExceptionally(closedException());
        }
        return (CompletableFuture<T>) future;
    }

    /** A home timeline read, on the caller's thread unless the window keeps changing (see {@link CallerSide}). */
    CompletableFuture<List<Message>> readTimeline(RingSession session, int limit, long beforeMicros) {
        return callers.timeline(session, limit, beforeMicros, () -> publish(RequestType.TIMELINE,
                shardIndexOfUser(session.userId()), session, session.userId(), null, null, null, limit, beforeMicros));
    }

    /** A profile page of a user of this instance, read on the caller's thread. */
    CompletableFuture<List<Message>> readProfile(String localName, int limit, long beforeMicros) {
        return callers.profile(shardIndexOfName(localName), localName, limit, beforeMicros);
    }

    /** After {@link #markClosed}: refuses callers and waits until none still uses the stores. */
    void awaitReads() {
        callers.closeAndAwait();
    }

    private StarlingException closedException() {
        return new StarlingException(ErrorCode.CLOSED, domain + " is closed");
    }

    /**
     * The instance owning {@code name}: null for this one, else the federated instance of its
     * domain; {@code UNKNOWN_INSTANCE} when that domain is not deployed.
     */
    RingInstance remoteOwner(Validation.QualifiedName name) {
        if (name.domain().equals(domain)) {
            return null;
        }
        RingInstance owner = federation.instance(name.domain());
        if (owner == null) {
            throw new StarlingException(ErrorCode.UNKNOWN_INSTANCE, name.domain() + " is not deployed");
        }
        return owner;
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

    /**
     * True when every published request, inbound federation event and hand-over between shards
     * has been handled, nothing waits to go out to another instance, and no remote call waits.
     */
    boolean quiescent() {
        long cursor = ring.getCursor();
        long federationCursor = federationRing.getCursor();
        for (Shard shard : shards) {
            if (shard.ringPosition() < cursor || shard.federationPosition() < federationCursor
                    || shard.outbox().queued() > 0 || shard.remoteCalls().outstanding() > 0) {
                return false;
            }
        }
        return handOversInFlight() == 0;
    }

    /** A snapshot of this instance's counters. */
    public InstanceStats stats() {
        Map<RequestType, Long> done = new EnumMap<>(RequestType.class);
        for (RequestType type : RequestType.values()) {
            long sum = 0;
            for (Shard shard : shards) {
                sum += shard.done(type);
            }
            done.put(type, sum + reads.done(type));
        }
        long cursor = ring.getCursor();
        long federationCursor = federationRing.getCursor();
        long backlog = 0;
        long inbox = handOversInFlight();
        long faults = reads.faults();
        long handOvers = 0;
        long inbound = 0;
        long outbound = 0;
        long sent = 0;
        long received = 0;
        long timeouts = 0;

        for (Shard shard : shards) {
            backlog = Math.max(backlog, cursor - shard.ringPosition());
            inbound = Math.max(inbound, federationCursor - shard.federationPosition());
            faults += shard.faults();
            handOvers += shard.handedOver();
            outbound += shard.outbox().queued();
            sent += shard.deliveriesSent();
            received += shard.deliveriesReceived();
            timeouts += shard.remoteCalls().timeouts();
        }
        return new InstanceStats(domain, done, backlog, inbox, handOvers, faults, inbound + outbound,
                sent, received, timeouts, reads.timelineReads(), reads.outOfOrderReads());
    }

    /** Work handed from shard to shard and not yet applied (in inboxes or waiting for room). */
    long handOversInFlight() {
        long received = 0; // read first: a hand-over counted as received was counted as handed over before
        for (Shard shard : shards) {
            received += shard.received();
        }
        long handedOver = 0;
        for (Shard shard : shards) {
            handedOver += shard.handedOver();
        }
        return Math.max(0, handedOver - received);
    }

    /** Federation events this instance's shards sent (published or queued) since start. */
    long federationSent() {
        long sum = 0;
        for (Shard shard : shards) {
            sum += shard.outbox().sent();
        }
        return sum;
    }

    /** Inbound federation events this instance's shards handled since start. */
    long federationHandled() {
        long sum = 0;
        for (Shard shard : shards) {
            sum += shard.federationHandled();
        }
        return sum;
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
        for (Shard shard : shards) {
            shard.remoteCalls().failAll(closedException());
        }
    }

    void closeStores() {
        for (ShardStores shardStores : stores) {
            if (shardStores != null) {
                shardStores.close();
            }
        }
    }

}
