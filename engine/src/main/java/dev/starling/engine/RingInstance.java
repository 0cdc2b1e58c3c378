package dev.starling.engine;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import dev.starling.api.Session;
import dev.starling.engine.store.FederationJournal;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StampClock;
import dev.starling.spi.StoreUsage;
import dev.starling.spi.InstanceStats;
import dev.starling.spi.RequestType;
import dev.starling.spi.ValidatingInstance;
import org.agrona.concurrent.status.CountersManager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One RING instance: a multi-producer Disruptor ring that every request for its domain enters,
 * and its shards.
 * A user lives in the shard chosen by the hash of the lower-case name ({@link ShardDirectory});
 * requests about a user are handled by that user's shard only. Each shard reaches other
 * instances through its port of the {@link FederationTransport}. Publishing never blocks: a full
 * request ring answers {@code OVERLOADED} at once, and a destination without room makes the
 * sending shard retry later.
 */
public final class RingInstance extends ValidatingInstance {

    private final RingBuffer<RequestEvent> ring;
    private final FederationTransport federation;
    private final ShardDirectory directory;
    private final Shard[] shards;
    private final ShardStores[] stores;
    private final ReadCounters reads = new ReadCounters();
    private final CallerSide callers;
    private final RequestPublisher publisher;

    RingInstance(String domain, int index, EngineSettings settings, Path directory, FederationTransport federation,
                 ShardRegistry registry, BroadcastTracker broadcast, CountersManager counters) {
        super(domain);
        this.federation = federation;
        this.ring = RingBuffer.createMultiProducer(RequestEvent::new, settings.ringSize());
        int n = settings.shardsPerInstance();
        this.shards = new Shard[n];
        this.stores = new ShardStores[n];
        ShardInbox[] inboxes = new ShardInbox[n];
        ShardCounters[] shardCounters = new ShardCounters[n];
        for (int i = 0; i < n; i++) {
            inboxes[i] = new ShardInbox(settings.inboxBytes());
            shardCounters[i] = new ShardCounters(counters, "shard-" + domain + "-" + i);
        }
        this.directory = new ShardDirectory(domain, index, inboxes, shardCounters);
        MessageCache messages = new MessageCache(settings.messageCacheSize());
        this.callers = new CallerSide(domain, stores, messages, reads, registry, settings.faultInjector());
        this.publisher = new RequestPublisher(domain, ring, shards, callers, settings.clock());
        try {
            long stampFloor = 0;
            for (int i = 0; i < n; i++) {
                stores[i] = new ShardStores(directory.resolve("shard-" + i), settings.storeSizing());
                stampFloor = Math.max(stampFloor, stores[i].stampHighWater());
            }
            StampClock stamps = new StampClock(stampFloor); // one for the instance: see its rules
            for (ShardStores shardStores : stores) {
                shardStores.useClock(stamps);
            }
            // before the federation reads the journals back: the repair may keep deliveries too
            for (ShardStores shardStores : stores) {
                if (shardStores.recovered()) {
                    CrashRepair.repair(domain, index, stores, settings.backfill());
                    break;
                }
            }
            FederationCounters[] federationCounters = new FederationCounters[n];
            FederationJournal[] journals = new FederationJournal[n];
            for (int i = 0; i < n; i++) {
                federationCounters[i] = shardCounters[i].federation();
                journals[i] = stores[i].federationJournal();
            }
            FederationPort[] ports = federation.join(domain, index, shard -> inboxes[shard].wake(), federationCounters,
                    journals);
            for (int i = 0; i < n; i++) {
                EventPoller<RequestEvent> poller = ring.newPoller();
                ring.addGatingSequences(poller.getSequence());
                shards[i] = new Shard(this.directory, i, stores[i], new StoreReader(domain, stores, messages, reads),
                        poller, ring, ports[i], messages, broadcast, settings, callers::noneInside);
            }
        } catch (RuntimeException e) {
            closeStores();
            throw e;
        }
        registry.add(index, shards);
        settings.faultInjector().attach(domain, index, this.directory::wakeAll);
    }

    Shard[] shards() {
        return shards;
    }

    @Override
    protected CompletableFuture<Session> register(String localName) {
        return publisher.<UserOperations.Account>register(directory.shardOfName(localName), localName)
                .thenApply(this::session);
    }

    @Override
    protected CompletableFuture<Session> logInLocal(String localName) {
        return publisher.<UserOperations.Account>logIn(directory.shardOfName(localName), localName)
                .thenApply(this::session);
    }

    private Session session(UserOperations.Account account) {
        return new RingSession(directory, federation, publisher, callers, account);
    }

    /**
     * True when every published request, inbound federation event and hand-over between shards
     * has been handled, nothing waits to go out to another instance or for its acknowledgement,
     * and no remote call waits.
     */
    boolean quiescent() {
        long cursor = ring.getCursor();
        for (int i = 0; i < shards.length; i++) {
            Shard shard = shards[i];
            if (shard.requestPosition() < cursor || shard.federationBacklog() > 0
                    || shard.federationQueued() > 0 || shard.federationUnacknowledged() > 0 || directory.counters(i).remoteCallsWaiting.get() > 0) {
                return false;
            }
        }
        return directory.handOversInFlight() == 0;
    }

    /** A snapshot of this instance's counters. */
    public InstanceStats stats() {
        Map<RequestType, Long> done = new EnumMap<>(RequestType.class);
        for (RequestType type : RequestType.values()) {
            long sum = 0;
            for (int i = 0; i < shards.length; i++) {
                sum += directory.counters(i).done(type).get();
            }
            done.put(type, sum + reads.done(type));
        }
        long cursor = ring.getCursor();
        long backlog = 0;
        long inbound = 0;
        long faults = reads.faults();
        long handOvers = 0;
        long outbound = 0;
        long sent = 0;
        long received = 0;
        long timeouts = 0;
        for (int i = 0; i < shards.length; i++) {
            ShardCounters c = directory.counters(i);
            backlog = Math.max(backlog, cursor - shards[i].requestPosition());
            inbound = Math.max(inbound, shards[i].federationBacklog());
            faults += c.faults.get();
            handOvers += c.handedOver.get();
            outbound += c.federationQueued.get();
            sent += c.deliveriesSent.get();
            received += c.deliveriesReceived.get();
            timeouts += c.remoteTimeouts.get();
        }
        return new InstanceStats(domain(), done, backlog, directory.handOversInFlight(), handOvers, faults,
                inbound + outbound, sent, received, timeouts, reads.timelineReads(), reads.outOfOrderReads());
    }

    /**
     * How much each store of each shard holds (read from any thread; the figures of a store
     * its shard is writing may be a moment old).
     */
    public List<StoreUsage> storeUsage() {
        List<StoreUsage> usage = new ArrayList<>();
        if (!callers.enter()) {
            return usage; // closed: the stores are gone
        }
        try {
            for (int i = 0; i < stores.length; i++) {
                for (StoreUsage store : stores[i].usage()) {
                    usage.add(new StoreUsage("shard-" + i + "/" + store.store(), store.entries(), store.generations(),
                            store.bytes()));
                }
            }
        } finally {
            callers.exit();
        }
        return usage;
    }

    /** Federation events this instance's shards sent (published or queued) since start. */
    long federationSent() {
        long sum = 0;
        for (int i = 0; i < shards.length; i++) {
            sum += directory.counters(i).federationSent.get();
        }
        return sum;
    }

    /** Inbound federation events this instance's shards handled since start. */
    long federationHandled() {
        long sum = 0;
        for (int i = 0; i < shards.length; i++) {
            sum += directory.counters(i).federationHandled.get();
        }
        return sum;
    }

    /** Refuses new requests and reads; then waits until no caller is inside the stores any more. */
    void closeToCallers() {
        publisher.markClosed();
        callers.closeAndAwait();
    }

    /** After the engine threads stopped: fail every request still in the ring with {@code CLOSED}. */
    void failOutstanding() {
        long cursor = ring.getCursor();
        long from = Math.max(0, cursor - ring.getBufferSize() + 1);
        for (long s = from; s <= cursor; s++) {
            RequestEvent event = ring.get(s);
            CompletableFuture<Object> future = event.future;
            if (future != null) {
                future.completeExceptionally(publisher.closedException());
                event.clearReferences();
            }
        }
        for (Shard shard : shards) {
            shard.failRemoteCalls(publisher.closedException());
        }
    }

    /** Closes every shard's stores (a no-op for those a shard closed already). */
    void closeStores() {
        for (ShardStores shardStores : stores) {
            if (shardStores != null) {
                shardStores.close();
            }
        }
    }
}
