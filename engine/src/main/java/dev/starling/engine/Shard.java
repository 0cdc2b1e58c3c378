package dev.starling.engine;

import com.lmax.disruptor.Cursored;
import com.lmax.disruptor.EventPoller;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.ShardStores;
import dev.starling.runtime.WakeableIdleStrategy;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.Agent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One shard of a RING instance: the single writer of its {@link ShardStores}, run as an Agrona
 * {@link Agent}. Its duty cycle is a table of contents, as Aeron's conductor's: retry what waits
 * for room, then drain its inbox ({@link InboxAdapter}), what other instances sent it (its
 * {@link FederationPort}, into its {@link ShardFederationHandler}) and its share of the request
 * ring ({@link RequestAdapter}). All three apply {@link UserOperations}; work for other shards
 * and instances leaves through the {@link HandOverProxy} and the {@link FederationPort}.
 *
 * <p>Handing work on never blocks: it waits in a local queue for the next duty cycle. While too
 * much waits, the shard stops taking new requests and federation events, so its rings fill and
 * callers get {@code OVERLOADED} (here, or on the instances that send to it) instead of queues
 * growing unbounded.
 *
 * <p>Whoever holds the shard runs its duty cycle: its engine thread, or a caller's thread while
 * the engine thread is idle ({@link #runHere}).
 */
final class Shard implements Agent {

    /**
     * Above this many hand-overs waiting for room, no new requests are taken (back-pressure);
     * nor while the instance's hand-overs in flight between shards exceed its ring size.
     */
    private static final int MAX_WAITING_HAND_OVERS = 4096;
    private static final int INBOX_BATCH = 256;
    /** Duty cycles a caller runs at most for its request. */
    private static final int CALLER_CYCLES = 8;

    private final int index;
    private final String role;
    private final ShardDirectory directory;
    private final ShardStores stores;
    private final ShardInbox inbox;
    private final EventPoller<RequestEvent> requests;
    private final Cursored requestCursor;
    private final FederationPort federation;
    private final FaultInjector injector;
    private final FaultReporter faults;
    private final long maxHandOversInFlight;
    private final boolean callerRuns;
    private final HandOverProxy handOvers;
    private final RemoteCalls remoteCalls;
    private final InboxAdapter inboxAdapter;
    private final ShardFederationHandler federationHandler;
    private final RequestAdapter requestAdapter;
    private final UserOperations operations;
    /** Held by the thread running the shard's duty cycle: its engine thread or a caller. */
    private final AtomicBoolean held = new AtomicBoolean();

    /**
     * @param requests   this shard's poller of the instance's request ring, whose cursor is {@code requestCursor}
     * @param federation this shard's end of the federation
     * @param reader     reads of this instance's stores for this shard's thread
     * @param noReaderInside true when no caller of the instance is inside its stores (see {@link HomeTimelines})
     */
    Shard(ShardDirectory directory, int index, ShardStores stores, StoreReader reader,
          EventPoller<RequestEvent> requests, Cursored requestCursor, FederationPort federation,
          MessageCache cache, BroadcastTracker broadcast, EngineSettings settings, BooleanSupplier noReaderInside) {
        this.index = index;
        this.role = "shard-" + directory.domain() + "-" + index;
        this.directory = directory;
        this.stores = stores;
        this.inbox = directory.inbox(index);
        this.requests = requests;
        this.requestCursor = requestCursor;
        this.federation = federation;
        this.injector = settings.faultInjector();
        this.maxHandOversInFlight = settings.ringSize();
        this.callerRuns = settings.callerRuns();
        ShardCounters counters = directory.counters(index);
        this.faults = new FaultReporter(role, counters.faults);
        this.handOvers = new HandOverProxy(directory, counters);
        this.remoteCalls = new RemoteCalls(settings.remoteTimeout().toNanos(), counters);
        this.operations = new UserOperations(directory, index, stores, reader, cache, broadcast,
                settings.backfill(), handOvers, federation, noReaderInside, injector);
        this.inboxAdapter = new InboxAdapter(operations, remoteCalls, faults, counters);
        this.federationHandler = new ShardFederationHandler(directory.domain(), operations, remoteCalls, injector,
                faults);
        this.requestAdapter = new RequestAdapter(index, operations, federation, remoteCalls, injector, faults,
                counters);
    }

    @Override
    public String roleName() {
        return role;
    }

    /**
     * Runs a duty cycle unless another thread holds the shard (a caller running it, see {@link
     * #runHere}); whoever holds it is the shard's single writer for that time.
     */
    @Override
    public int doWork() throws Exception {
        if (!held.compareAndSet(false, true)) {
            return 0;
        }
        try {
            return dutyCycle();
        } finally {
            held.lazySet(false);
        }
    }

    private int dutyCycle() throws Exception {
        int work = handOvers.retry() + federation.retry() + remoteCalls.expire() + operations.removeRetiredWindows();
        if (!injector.handOversSuspended(directory.instanceIndex())) {
            work += inbox.read(inboxAdapter, INBOX_BATCH); // always drained: it is what frees room
        }
        // Back-pressure: take new work from either ring only while the work it causes can still be
        // absorbed. A federation event left in its ring fills that ring, and the sending instance's
        // shards then stop taking requests in turn, so a slow receiver pushes back to the senders'
        // clients instead of growing a queue here.
        if (canTakeNewWork() && !injector.federationSuspended(directory.instanceIndex())) {
            work += federation.poll(federationHandler);
        }
        if (canTakeNewWork() && !injector.requestsSuspended(directory.instanceIndex())) {
            work += requestAdapter.poll(requests);
        }
        return work;
    }

    private boolean canTakeNewWork() {
        return handOvers.waiting() + federation.queued() < MAX_WAITING_HAND_OVERS
                && directory.handOversInFlight() < maxHandOversInFlight;
    }

    /** True when requests, hand-overs, federation events or retries wait for this shard. */
    boolean hasWork() {
        int instance = directory.instanceIndex();
        return (requests.getSequence().get() < requestCursor.getCursor() && !injector.requestsSuspended(instance))
                || handOvers.waiting() > 0
                || (inbox.size() > 0 && !injector.handOversSuspended(instance))
                || federation.retryDue()
                || (federation.inboundBacklog() > 0 && !injector.federationSuspended(instance));
    }

    /**
     * Runs duty cycles on this (a caller's) thread if the shard's engine thread is idle and the
     * shard free: until {@code request} is answered, or (null) until a cycle finds no work; at most
     * {@link #CALLER_CYCLES}. Wakes the engine thread for what is left. The shards it handed work
     * to, whose wake-up it held back, are appended to {@code handedTo} as {@code instance << 32 |
     * shard}: the caller must run or wake each.
     *
     * @return false when it did not run (the engine thread is busy, or caller runs are off)
     */
    boolean runHere(CompletableFuture<?> request, LongArrayList handedTo) {
        WakeableIdleStrategy engineThread = inbox.waker();
        if (!callerRuns || engineThread == null || !engineThread.isIdle() || !held.compareAndSet(false, true)) {
            return false;
        }
        handOvers.deferWakes(true);
        federation.deferWakes(true);
        try {
            for (int cycle = 0; cycle < CALLER_CYCLES; cycle++) {
                int work = dutyCycle();
                if (request == null ? work == 0 : request.isDone()) {
                    break;
                }
            }
        } catch (Throwable t) {
            faults.report("a duty cycle run by a caller", t);
        } finally {
            handOvers.deferWakes(false);
            federation.deferWakes(false);
            long local = handOvers.takeDeferred();
            long instance = (long) directory.instanceIndex() << 32;
            while (local != 0) {
                handedTo.addLong(instance | Long.numberOfTrailingZeros(local));
                local &= local - 1;
            }
            federation.takeDeferred(handedTo);
            held.lazySet(false);
        }
        if (hasWork()) {
            wake();
        }
        return true;
    }

    /** True when a caller may run this shard now (see {@link #runHere}); decided before allocating anything. */
    boolean callerMayRun() {
        WakeableIdleStrategy engineThread = inbox.waker();
        return callerRuns && engineThread != null && engineThread.isIdle();
    }

    /** Wakes this shard's thread if it sleeps; called after work for it was made visible. */
    void wake() {
        inbox.wake();
    }

    /** The idle strategy of the thread running this shard, to wake it when work arrives. */
    void wakeWith(WakeableIdleStrategy waker) {
        inbox.wakeWith(waker);
    }

    /** Closes the stores: called on the shard's thread once it stops, after the last caller left. */
    @Override
    public void onClose() {
        operations.removeRetiredWindows(); // no caller is inside any more
        stores.close();
    }

    /** Fails every remote call still waiting (the engine is closing and the shard's thread has stopped). */
    void failRemoteCalls(StarlingException error) {
        remoteCalls.failAll(error);
    }

    long requestPosition() {
        return requests.getSequence().get();
    }

    /** Events from other instances this shard has not polled past yet. */
    long federationBacklog() {
        return federation.inboundBacklog();
    }

    long federationQueued() {
        return federation.queued();
    }

    /** Events sent to other instances and not yet acknowledged by them. */
    long federationUnacknowledged() {
        return federation.unacknowledged();
    }
}
