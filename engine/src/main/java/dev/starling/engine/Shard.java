package dev.starling.engine;

import dev.starling.runtime.WakeableIdleStrategy;
import dev.starling.runtime.EpochMicros;
import com.lmax.disruptor.EventPoller;
import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.PairKey;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StoredMessage;
import dev.starling.engine.store.TimelineWindow;
import dev.starling.engine.store.UserRecord;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One shard of a RING instance: the single writer of its {@link ShardStores}. As an Agrona
 * {@link Agent} it drains, in each duty cycle, work that other shards handed it (its inbox), its
 * share of the instance's inbound federation ring, then its share of the request ring (each an
 * {@link EventPoller} that skips other shards' events). Handing work to a full inbox or to a full
 * ring of another instance never blocks: the work waits in a local queue and is retried at the
 * start of the next duty cycle; while too much waits, the shard stops taking new requests and
 * federation events, so its rings fill and callers get {@code OVERLOADED} (on this instance or on
 * the instances that send to it) instead of queues growing unbounded.
 *
 * <p>Federation: a user of another instance that some local user follows has a proxy record in
 * the shard of the same index as its home shard; copies of its messages are stored there and
 * fanned out from there, so a timeline read never leaves its instance. Remote follows and
 * profile reads are requests to the other instance whose answers come back on this instance's
 * federation ring, matched by correlation id in {@link RemoteCalls}.
 */
final class Shard implements Agent, EventPoller.Handler<RequestEvent>, MessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Shard.class);
    private static final int RING_BATCH = 256;
    private static final int INBOX_BATCH = 256;
    private static final int FEDERATION_BATCH = 256;
    /**
     * Above this many hand-overs waiting for room, no new requests are taken (back-pressure);
     * nor while the instance's hand-overs in flight between shards exceed its ring size.
     */
    private static final int MAX_WAITING_HAND_OVERS = 4096;
    /** Duty cycles a caller runs at most for its request (see {@link #runOnCaller}). */
    private static final int CALLER_CYCLES = 8;
    /** Shards a caller runs at most after its own, of those it handed work to (see {@link #runOnCaller}). */
    private static final int CALLER_HELPS = 8;
    /** What a handler returns when the answer comes later, from another instance. */
    private static final Object DEFERRED = new Object();

    final int index;
    final ShardStores stores;
    private final RingInstance instance;
    private final EventPoller<RequestEvent> poller;
    private final EventPoller<FederationEvent> federationPoller;
    private final EventPoller.Handler<FederationEvent> federationHandler = this::onFederationEvent;
    private final ManyToOneRingBuffer inbox;
    private final int backfill;
    private final long maxHandOversInFlight;
    private final HandOverProxy handOvers;
    private final FederationOutbox outbox;
    private final RemoteCalls remoteCalls;
    private final BroadcastTracker broadcast;
    private final StoreReader reader;
    private final MessageCache cache;
    private final LocalFollowers localFollowers;
    private final boolean callerRuns;

    private final AtomicLongArray done = new AtomicLongArray(RequestType.values().length);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong faults = new AtomicLong();
    private final AtomicLong federationHandled = new AtomicLong();
    private final AtomicLong deliveriesSent = new AtomicLong();
    private final AtomicLong deliveriesReceived = new AtomicLong();

    // Reused flyweights and buffers: the hot path allocates nothing of its own. Inputs (keys and
    // values handed to put) keep their private heap bytes; outputs are passed to getUsing and then
    // point into a map's own memory, so writing to an output updates the stored entry in place.
    // The two roles are never mixed: setting an output would silently write into a map.
    private final LongCell key = new LongCell();
    private final LongCell value = new LongCell();
    private final PairKey pair = new PairKey();
    private final UserRecord newRecord = new UserRecord();
    private final LongCell cell = new LongCell();
    private final UserRecord record = new UserRecord();
    private final TimelineWindow emptyWindow = new TimelineWindow().clear();
    private final StoredMessage stored = new StoredMessage();
    private final UnsafeBuffer outgoing = new UnsafeBuffer(new byte[ShardMessages.MAX_LENGTH]);
    private final FederationEvent outgoingEvent = new FederationEvent();
    /** Held by the thread running the shard's duty cycle: its engine thread or a caller. */
    private final AtomicBoolean held = new AtomicBoolean();
    private int polled;
    private int federationPolled;
    private WakeableIdleStrategy waker;

    @SuppressWarnings("unchecked")
    Shard(RingInstance instance, int index, ShardStores stores, EventPoller<RequestEvent> poller,
          EventPoller<FederationEvent> federationPoller, EngineSettings settings, Federation federation,
          BroadcastTracker broadcast, StoreReader reader, MessageCache cache) {
        this.instance = instance;
        this.reader = reader;
        this.cache = cache;
        this.callerRuns = settings.callerRuns();
        this.localFollowers = new LocalFollowers(stores);
        this.index = index;
        this.stores = stores;
        this.poller = poller;
        this.federationPoller = federationPoller;
        this.backfill = settings.backfill();
        this.maxHandOversInFlight = settings.ringSize();
        this.broadcast = broadcast;
        this.outbox = new FederationOutbox(federation);
        this.remoteCalls = new RemoteCalls(settings.remoteTimeout().toNanos());
        this.inbox = new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(settings.inboxBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
        int shards = settings.shardsPerInstance();
        this.handOvers = new HandOverProxy(instance.shards());
    }

    /** The idle strategy of the thread running this shard, to wake it when work arrives. */
    void wakeWith(WakeableIdleStrategy waker) {
        this.waker = waker;
    }

    /** Writes a hand-over into this shard's inbox, from any thread; false when the inbox is full. */
    boolean offer(int type, DirectBuffer message, int length) {
        return inbox.write(type, message, 0, length);
    }

    /** Wakes this shard's thread if it sleeps; called after work for it was made visible. */
    void wake() {
        WakeableIdleStrategy w = waker;
        if (w != null) {
            w.wake();
        }
    }

    /** True when requests, hand-overs, federation events or retries wait for this shard. */
    boolean hasWork() {
        return poller.getSequence().get() < instance.ringCursor() || handOvers.waiting() > 0
                || (inbox.size() > 0 && !instance.handOversSuspended())
                || outbox.queued() > 0
                || (federationPoller.getSequence().get() < instance.federationCursor() && !instance.federationSuspended());
    }

    @Override
    public String roleName() {
        return "shard-" + instance.domain() + "-" + index;
    }

    /**
     * Runs a duty cycle unless another thread holds the shard (a caller running it, see {@link
     * #runOnCaller}); whoever holds it is the shard's single writer for that time.
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

    /**
     * On the thread of a caller that just published {@code request} for this shard: when the
     * shard's engine thread is idle, runs the shard's duty cycles here until the request is
     * answered (or {@link #CALLER_CYCLES} have passed), as Aeron's client runs its conductor with
     * an {@code AgentInvoker}. A lone client then pays no wake-up of an engine thread, nor of its
     * own thread waiting for the answer. A busy engine thread is left to do the work: under load
     * the engine threads, not the callers, run the shards, so {@code threads} keeps its meaning.
     *
     * @return false when the work was left to the engine thread (which the caller must wake)
     */
    boolean runOnCaller(CompletableFuture<?> request) {
        WakeableIdleStrategy engineThread = waker;
        if (!callerRuns || engineThread == null || !engineThread.isIdle()) {
            return false; // the common case under load: decided before allocating anything
        }
        List<Shard> handedTo = new ArrayList<>(4);
        if (!runHere(request, handedTo)) {
            return false;
        }
        // The shards this caller handed work to, of this instance or (federation) of another, and
        // those they hand on to: run them here too while their threads are idle, so that a lone
        // client's send wakes no engine thread at all. At most CALLER_HELPS of them; the rest,
        // and the busy ones, are woken.
        for (int i = 0; i < handedTo.size(); i++) {
            Shard target = handedTo.get(i);
            if (i >= CALLER_HELPS || !target.runHere(null, handedTo)) {
                target.wake();
            }
        }
        return true;
    }

    /**
     * Runs duty cycles on this thread if the engine thread is idle and the shard free: until
     * {@code request} is answered, or (null) until a cycle finds no work; at most {@link
     * #CALLER_CYCLES}. Wakes the engine thread for what is left; appends the shards it handed work
     * to, whose wake-up it held back, to {@code handedTo} (the caller must run or wake each; a
     * shard run earlier appears again when it was handed new work).
     *
     * @return false when it did not run
     */
    private boolean runHere(CompletableFuture<?> request, List<Shard> handedTo) {
        WakeableIdleStrategy engineThread = waker;
        if (!callerRuns || engineThread == null || !engineThread.isIdle() || !held.compareAndSet(false, true)) {
            return false;
        }
        handOvers.deferWakes(true);
        outbox.deferWakes(true);
        try {
            for (int cycle = 0; cycle < CALLER_CYCLES; cycle++) {
                int work = dutyCycle();
                if (request == null ? work == 0 : request.isDone()) {
                    break;
                }
            }
        } catch (Throwable t) {
            faults.incrementAndGet();
            LOG.warn("{}: a duty cycle run by a caller failed (the shard carries on)", roleName(), t);
        } finally {
            handOvers.deferWakes(false);
            outbox.deferWakes(false);
            long local = handOvers.takeDeferred();
            while (local != 0) {
                handedTo.add(instance.shard(Long.numberOfTrailingZeros(local)));
                local &= local - 1;
            }
            outbox.takeDeferred(handedTo);
            held.lazySet(false);
        }
        if (hasWork()) {
            wake();
        }
        return true;
    }

    private int dutyCycle() throws Exception {
        int work = handOvers.retry() + outbox.retry() + remoteCalls.expire();
        if (!instance.handOversSuspended()) {
            work += inbox.read(this, INBOX_BATCH);
        }
        // Back-pressure: take new work from either ring only while the work it causes can still be
        // absorbed. A federation event left in its ring fills that ring, and the sending instance's
        // shards then stop taking requests in turn, so a slow receiver pushes back to the senders'
        // clients instead of growing a queue here. Inbox work is always drained: it is what frees room.
        if (canTakeNewWork() && !instance.federationSuspended()) {
            federationPolled = 0;
            federationPoller.poll(federationHandler);
            work += federationPolled;
        }
        if (canTakeNewWork()) {
            polled = 0;
            poller.poll(this);
            work += polled;
        }
        return work;
    }

    private boolean canTakeNewWork() {
        return handOvers.waiting() + outbox.queued() < MAX_WAITING_HAND_OVERS
                && instance.handOversInFlight() < maxHandOversInFlight;
    }

    // ----------------------------------------------------------------------------- request ring

    @Override
    public boolean onEvent(RequestEvent event, long sequence, boolean endOfBatch) {
        if (event.shard != index) {
            return true;
        }
        CompletableFuture<Object> future = event.future;
        RequestType type = event.type;
        try {
            Object result = handle(event);
            if (result != DEFERRED) {
                future.complete(result);
            }
        } catch (StarlingException e) {
            future.completeExceptionally(e);
        } catch (Throwable t) {
            faults.incrementAndGet();
            LOG.warn("{}: {} failed inside the engine", roleName(), type, t);
            future.completeExceptionally(new StarlingException(ErrorCode.INTERNAL,
                    type + " failed inside the engine: " + t, t));
        } finally {
            event.clearReferences();
            done.lazySet(type.ordinal(), done.get(type.ordinal()) + 1);
        }
        return ++polled < RING_BATCH;
    }

    private Object handle(RequestEvent event) {
        FaultInjection.maybeFail(event.type);
        return switch (event.type) {
            case REGISTER -> register(event.name);
            case LOG_IN -> logIn(event.name);
            case FOLLOW -> event.remote == null
                    ? follow(event.session, event.name)
                    : remoteFollow(event.session, event.remote, event.name, event.future);
            case SEND -> send(event.session, event.text, event.receivedMicros);
            case TIMELINE -> timeline(event.userId, event.limit, event.beforeMicros);
            case PROFILE -> event.remote == null
                    ? profile(event.name, event.limit, event.beforeMicros)
                    : remoteProfile(event.remote, event.name, event.limit, event.beforeMicros, event.future);
        };
    }

    private RingSession register(String localName) {
        String lower = localName.toLowerCase(Locale.ROOT);
        if (stores.names.containsKey(lower)) {
            throw new StarlingException(ErrorCode.USER_EXISTS, localName + "@" + instance.domain() + " is taken");
        }
        LongCell sequence = stores.names.getUsing(ShardStores.USER_SEQUENCE_KEY, cell);
        long next = sequence == null ? 0 : sequence.get();
        if (next >= Ids.MAX_USERS_PER_SHARD) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "shard " + index + " is full");
        }
        long userId = Ids.userId(instance.index(), index, next);
        key.set(userId);
        stores.users.put(key, newRecord.init(userId, localName));
        stores.timelines.put(key, emptyWindow);
        stores.names.put(ShardStores.USER_SEQUENCE_KEY, LongCell.of(next + 1));
        stores.names.put(lower, LongCell.of(userId));
        return new RingSession(instance, userId, localName);
    }

    private RingSession logIn(String localName) {
        long userId = userIdOf(localName);
        UserRecord user = stores.users.getUsing(key.set(userId), record);
        return new RingSession(instance, userId, user.name());
    }

    private Void follow(RingSession follower, String targetLocalName) {
        Shard targetShard = instance.shardOfName(targetLocalName);
        long target = targetShard.userIdOf(targetLocalName, cell);
        if (target == follower.userId()) {
            throw new StarlingException(ErrorCode.CANNOT_FOLLOW_SELF, follower.user() + " cannot follow itself");
        }
        if (!recordFollow(follower.userId(), target)) {
            return null;
        }
        outgoing.putLong(ShardMessages.ADDED_FOLLOWED, target);
        outgoing.putLong(ShardMessages.ADDED_FOLLOWER, follower.userId());
        outgoing.putInt(ShardMessages.ADDED_SHARD, index);
        handOver(targetShard.index, ShardMessages.FOLLOWER_ADDED, ShardMessages.ADDED_LENGTH);
        return null;
    }

    /**
     * Records that {@code follower} (of this shard) follows {@code target} (of any shard or
     * instance): both directions, in this shard's stores. False when it already did.
     */
    private boolean recordFollow(long follower, long target) {
        pair.set(follower, target);
        if (stores.following.containsKey(pair)) {
            return false;
        }
        stores.following.put(pair, value.set(EpochMicros.now()));
        LongCell count = stores.followers.getUsing(pair.set(target, ShardStores.COUNT_SLOT), cell);
        long n = count == null ? 0 : count.get();
        stores.followers.put(pair.set(target, n), value.set(follower));
        stores.followers.put(pair.set(target, ShardStores.COUNT_SLOT), value.set(n + 1));
        localFollowers.added(target, follower);
        return true;
    }

    private Message send(RingSession sender, String text, long receivedMicros) {
        UserRecord user = stores.users.getUsing(key.set(sender.userId()), record);
        long number = user.messageCount();
        if (number >= Ids.MAX_MESSAGES_PER_USER) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, sender.user() + " has sent the most messages one user can");
        }
        long stamp = Math.max(receivedMicros, user.lastStamp() + 1);
        long messageId = Ids.messageId(sender.userId(), number);
        stores.messages.put(key.set(messageId), stored.set(stamp, sender.user(), text));
        // stamp before count: a process killed between the two still leaves stamps strictly increasing
        user.lastStamp(stamp);
        user.messageCount(number + 1);
        long remoteInstances = user.remoteInstances();
        Message message = new Message(messageId, sender.user(), text, stamp);
        cache.put(message);
        fanOut(sender.userId(), user.followerShards(), messageId, stamp);
        if (remoteInstances != 0) {
            deliverRemotely(sender, messageId, stamp, text, remoteInstances);
        }
        return message;
    }

    /** One event per (message, instance holding followers of the sender), not one per follower. */
    private void deliverRemotely(RingSession sender, long messageId, long stamp, String text, long instances) {
        FederationEvent out = outgoingEvent.reset(FederationEvent.DELIVER, index, instance.index(), 0);
        out.a = sender.userId();
        out.b = messageId;
        out.c = stamp;
        int at = MessageCodec.putString(out.payload, 0, sender.user());
        out.payloadLength = MessageCodec.putString(out.payload, at, text);
        long remaining = instances;
        while (remaining != 0) {
            int destination = Long.numberOfTrailingZeros(remaining);
            remaining &= remaining - 1;
            if (destination != instance.index() && outbox.send(destination, out)) {
                deliveriesSent.lazySet(deliveriesSent.get() + 1);
            }
        }
    }

    private Object remoteFollow(RingSession follower, RingInstance owner, String targetLocalName,
                                CompletableFuture<Object> future) {
        long correlation = remoteCalls.register(future);
        FederationEvent out = outgoingEvent.reset(FederationEvent.FOLLOW_REQUEST,
                owner.shardIndexOfName(targetLocalName), instance.index(), correlation);
        out.a = follower.userId();
        out.payloadLength = MessageCodec.putString(out.payload, 0, targetLocalName);
        outbox.send(owner.index(), out);
        return DEFERRED;
    }

    private Object remoteProfile(RingInstance owner, String targetLocalName, int limit, long beforeMicros,
                                 CompletableFuture<Object> future) {
        long correlation = remoteCalls.register(future);
        FederationEvent out = outgoingEvent.reset(FederationEvent.PROFILE_REQUEST,
                owner.shardIndexOfName(targetLocalName), instance.index(), correlation);
        out.a = index;
        out.limit = limit;
        out.beforeMicros = beforeMicros;
        out.payloadLength = MessageCodec.putString(out.payload, 0, targetLocalName);
        outbox.send(owner.index(), out);
        return DEFERRED;
    }

    private void fanOut(long senderId, long followerShards, long messageId, long stamp) {
        long shards = followerShards;
        while (shards != 0) {
            int shard = Long.numberOfTrailingZeros(shards);
            shards &= shards - 1;
            if (shard == index) {
                deliverLocally(senderId, messageId, stamp);
            } else {
                outgoing.putLong(ShardMessages.DELIVER_SENDER, senderId);
                outgoing.putLong(ShardMessages.DELIVER_MESSAGE, messageId);
                outgoing.putLong(ShardMessages.DELIVER_STAMP, stamp);
                handOver(shard, ShardMessages.DELIVER, ShardMessages.DELIVER_LENGTH);
            }
        }
    }

    /** A timeline read that a reader's thread handed over (the window kept changing under it). */
    private List<Message> timeline(long userId, int limit, long beforeMicros) {
        return reader.timeline(localFollowers.window(userId), limit, beforeMicros);
    }

    private List<Message> profile(String localName, int limit, long beforeMicros) {
        return reader.profile(userIdOf(localName), limit, beforeMicros);
    }

    /** The id of a user of this shard; {@code UNKNOWN_USER} when there is none. Safe from any thread. */
    long userIdOf(String localName, LongCell using) {
        LongCell id = stores.names.getUsing(localName.toLowerCase(Locale.ROOT), using);
        if (id == null) {
            throw new StarlingException(ErrorCode.UNKNOWN_USER, localName + "@" + instance.domain() + " does not exist");
        }
        return id.get();
    }

    private long userIdOf(String localName) {
        return userIdOf(localName, cell);
    }

    // ----------------------------------------------------------------------------- inbox

    @Override
    public void onMessage(int type, MutableDirectBuffer buffer, int offset, int length) {
        try {
            switch (type) {
                case ShardMessages.DELIVER -> deliverLocally(
                        buffer.getLong(offset + ShardMessages.DELIVER_SENDER),
                        buffer.getLong(offset + ShardMessages.DELIVER_MESSAGE),
                        buffer.getLong(offset + ShardMessages.DELIVER_STAMP));
                case ShardMessages.FOLLOWER_ADDED -> followerAdded(
                        buffer.getLong(offset + ShardMessages.ADDED_FOLLOWED),
                        buffer.getLong(offset + ShardMessages.ADDED_FOLLOWER),
                        buffer.getInt(offset + ShardMessages.ADDED_SHARD));
                case ShardMessages.BACKFILL -> applyBackfill(buffer, offset);
                case ShardMessages.REMOTE_FOLLOWED -> applyRemoteFollowed(buffer, offset);
                default -> throw new IllegalStateException("unknown shard message type " + type);
            }
        } catch (Throwable t) {
            faults.incrementAndGet();
            LOG.warn("{}: shard message {} failed", roleName(), type, t);
        } finally {
            received.lazySet(received.get() + 1);
        }
    }

    private void deliverLocally(long senderId, long messageId, long stamp) {
        long[] followers = localFollowers.of(senderId);
        int n = (int) followers[0];
        if (n == 0) {
            return;
        }
        boolean sampled = broadcast.sampled(messageId);
        long first = 0;
        for (int i = 0; i < n; i++) {
            localFollowers.window(followers[i + 1]).insert(stamp, messageId);
            if (sampled && i == 0) {
                first = EpochMicros.now();
            }
        }
        if (sampled) {
            boolean sameInstance = Ids.instanceOfUser(senderId) == instance.index();
            broadcast.arrived(messageId, stamp, sameInstance, first, EpochMicros.now());
        }
    }

    private void followerAdded(long followed, long follower, int followerShard) {
        UserRecord user = stores.users.getUsing(key.set(followed), record);
        user.followerShards(user.followerShards() | (1L << followerShard));
        long count = user.messageCount();
        int n = (int) Math.min(backfill, count);
        if (n == 0) {
            return;
        }
        outgoing.putLong(ShardMessages.BACKFILL_FOLLOWER, follower);
        outgoing.putInt(ShardMessages.BACKFILL_COUNT, n);
        for (int i = 0; i < n; i++) {
            long messageId = Ids.messageId(followed, count - 1 - i);
            int at = ShardMessages.BACKFILL_ENTRIES + i * ShardMessages.BACKFILL_ENTRY;
            outgoing.putLong(at, reader.message(messageId).timestampMicros());
            outgoing.putLong(at + 8, messageId);
        }
        if (followerShard == index) {
            applyBackfill(outgoing, 0);
        } else {
            handOver(followerShard, ShardMessages.BACKFILL, ShardMessages.backfillLength(n));
        }
    }

    private void applyBackfill(org.agrona.DirectBuffer buffer, int offset) {
        long follower = buffer.getLong(offset + ShardMessages.BACKFILL_FOLLOWER);
        int n = buffer.getInt(offset + ShardMessages.BACKFILL_COUNT);
        TimelineWindow timeline = localFollowers.window(follower);
        // oldest first (entries come newest first): cut short by a kill, what is missing is the
        // sender's newest, which is what CrashRepair restores
        for (int i = n - 1; i >= 0; i--) {
            int at = offset + ShardMessages.BACKFILL_ENTRIES + i * ShardMessages.BACKFILL_ENTRY;
            timeline.insertBackfill(buffer.getLong(at), buffer.getLong(at + 8));
        }
    }

    /** On the follower's shard: the followed user's instance accepted; see {@link ShardMessages#REMOTE_FOLLOWED}. */
    private void applyRemoteFollowed(org.agrona.DirectBuffer buffer, int offset) {
        long follower = buffer.getLong(offset + ShardMessages.REMOTE_FOLLOWER);
        long followed = buffer.getLong(offset + ShardMessages.REMOTE_FOLLOWED_ID);
        long correlation = buffer.getLong(offset + ShardMessages.REMOTE_CORRELATION);
        int n = buffer.getInt(offset + ShardMessages.REMOTE_COUNT);
        recordFollow(follower, followed);
        TimelineWindow timeline = localFollowers.window(follower);
        for (int i = n - 1; i >= 0; i--) { // oldest first, as in applyBackfill
            int at = offset + ShardMessages.REMOTE_ENTRIES + i * ShardMessages.BACKFILL_ENTRY;
            timeline.insertBackfill(buffer.getLong(at), buffer.getLong(at + 8));
        }
        remoteCalls.complete(correlation, null);
    }

    // ----------------------------------------------------------------------------- federation ring

    private boolean onFederationEvent(FederationEvent event, long sequence, boolean endOfBatch) {
        if (event.shard != index) {
            return true;
        }
        try {
            switch (event.type) {
                case FederationEvent.DELIVER -> receiveDelivery(event);
                case FederationEvent.FOLLOW_REQUEST -> acceptFollow(event);
                case FederationEvent.FOLLOW_ACCEPTED -> followAccepted(event);
                case FederationEvent.PROFILE_REQUEST -> answerProfile(event);
                case FederationEvent.PROFILE_REPLY ->
                        remoteCalls.complete(event.correlation, MessageCodec.getMessages(event.payload, 0));
                case FederationEvent.FAILED -> remoteCalls.fail(event.correlation, new StarlingException(
                        ErrorCode.values()[(int) event.a], MessageCodec.getString(event.payload, 0)));
                default -> throw new IllegalStateException("unknown federation event type " + event.type);
            }
        } catch (Throwable t) {
            faults.incrementAndGet();
            LOG.warn("{}: federation event {} from instance {} failed", roleName(), event.type, event.from, t);
            answerFailedRequest(event, t);
        } finally {
            event.releaseLargePayload();
            federationHandled.lazySet(federationHandled.get() + 1);
        }
        return ++federationPolled < FEDERATION_BATCH;
    }

    /**
     * A request of another instance that failed here is answered at once with {@code INTERNAL},
     * so its caller does not wait for {@code TIMEOUT}. Events that are answers or deliveries have
     * nobody waiting on this side; their fault is counted and logged only.
     */
    private void answerFailedRequest(FederationEvent event, Throwable fault) {
        int replyShard;
        switch (event.type) {
            case FederationEvent.FOLLOW_REQUEST -> replyShard = Ids.shardOfUser(event.a);
            case FederationEvent.PROFILE_REQUEST -> replyShard = (int) event.a;
            default -> {
                return;
            }
        }
        try {
            replyFailure(event.from, replyShard, event.correlation, new StarlingException(ErrorCode.INTERNAL,
                    "the remote request failed inside instance " + instance.domain() + ": " + fault));
        } catch (Throwable t) {
            LOG.warn("{}: could not answer the failed federation event {}", roleName(), event.type, t);
        }
    }

    /** A remote user's message for the local followers of its proxy here: keep a copy, fan it out. */
    private void receiveDelivery(FederationEvent event) {
        deliveriesReceived.lazySet(deliveriesReceived.get() + 1);
        long senderId = event.a;
        UserRecord proxy = stores.users.getUsing(key.set(senderId), record);
        if (proxy == null) {
            return; // nobody here follows the sender (the edge predates a lost data directory)
        }
        long followerShards = proxy.followerShards();
        String sender = MessageCodec.getString(event.payload, 0);
        String text = MessageCodec.getString(event.payload, MessageCodec.skipString(event.payload, 0));
        stores.messages.put(key.set(event.b), stored.set(event.c, sender, text));
        cache.put(new Message(event.b, sender, text, event.c));
        fanOut(senderId, followerShards, event.b, event.c);
    }

    /** On the followed user's shard: note the follower's instance, answer with a backfill. */
    private void acceptFollow(FederationEvent event) {
        FaultInjection.maybeFailRemote(RequestType.FOLLOW);
        long follower = event.a;
        int replyShard = Ids.shardOfUser(follower);
        long target;
        try {
            target = userIdOf(MessageCodec.getString(event.payload, 0));
        } catch (StarlingException e) {
            replyFailure(event.from, replyShard, event.correlation, e);
            return;
        }
        UserRecord user = stores.users.getUsing(key.set(target), record);
        user.remoteInstances(user.remoteInstances() | (1L << event.from));
        long count = user.messageCount();
        int n = (int) Math.min(backfill, count);
        FederationEvent out = outgoingEvent.reset(FederationEvent.FOLLOW_ACCEPTED, Ids.shardOfUser(target),
                instance.index(), event.correlation);
        out.a = follower;
        out.b = target;
        out.payload.putInt(0, n);
        int at = Integer.BYTES;
        for (int i = 0; i < n; i++) {
            long messageId = Ids.messageId(target, count - 1 - i);
            StoredMessage message = stores.messages.getUsing(key.set(messageId), stored);
            at = MessageCodec.putMessage(out.payload, at, messageId, message.stamp(), message.sender(), message.text());
        }
        out.payloadLength = at;
        outbox.send(event.from, out);
        out.releaseLargePayload();
    }

    /**
     * On the proxy's shard of the follower's instance: create the proxy, note the follower's
     * shard, keep copies of the backfill, then hand the edge to the follower's shard. Deliveries
     * of the followed user arrive after this event on the same ring and shard, and their
     * hand-overs follow this one into the follower's inbox, so none is missed.
     */
    private void followAccepted(FederationEvent event) {
        long follower = event.a;
        long target = event.b;
        int followerShard = Ids.shardOfUser(follower);
        UserRecord proxy = stores.users.getUsing(key.set(target), record);
        if (proxy == null) {
            stores.users.put(key.set(target), newRecord.init(target, ""));
            proxy = stores.users.getUsing(key.set(target), record);
        }
        proxy.followerShards(proxy.followerShards() | (1L << followerShard));
        int n = Math.min(event.payload.getInt(0), TimelineWindow.CAPACITY);
        outgoing.putLong(ShardMessages.REMOTE_FOLLOWER, follower);
        outgoing.putLong(ShardMessages.REMOTE_FOLLOWED_ID, target);
        outgoing.putLong(ShardMessages.REMOTE_CORRELATION, event.correlation);
        outgoing.putInt(ShardMessages.REMOTE_COUNT, n);
        int at = Integer.BYTES;
        for (int i = 0; i < n; i++) {
            long messageId = event.payload.getLong(at);
            long stamp = event.payload.getLong(at + Long.BYTES);
            at += 2 * Long.BYTES;
            String sender = MessageCodec.getString(event.payload, at);
            at = MessageCodec.skipString(event.payload, at);
            String text = MessageCodec.getString(event.payload, at);
            at = MessageCodec.skipString(event.payload, at);
            if (!stores.messages.containsKey(key.set(messageId))) {
                stores.messages.put(key, stored.set(stamp, sender, text));
            }
            int entry = ShardMessages.REMOTE_ENTRIES + i * ShardMessages.BACKFILL_ENTRY;
            outgoing.putLong(entry, stamp);
            outgoing.putLong(entry + 8, messageId);
        }
        if (followerShard == index) {
            applyRemoteFollowed(outgoing, 0);
        } else {
            handOver(followerShard, ShardMessages.REMOTE_FOLLOWED, ShardMessages.remoteFollowedLength(n));
        }
    }

    /** On the profile owner's shard: answer a page to the asking shard of the other instance. */
    private void answerProfile(FederationEvent event) {
        FaultInjection.maybeFailRemote(RequestType.PROFILE);
        int replyShard = (int) event.a;
        List<Message> page;
        try {
            page = profile(MessageCodec.getString(event.payload, 0), event.limit, event.beforeMicros);
        } catch (StarlingException e) {
            replyFailure(event.from, replyShard, event.correlation, e);
            return;
        }
        FederationEvent out = outgoingEvent.reset(FederationEvent.PROFILE_REPLY, replyShard, instance.index(),
                event.correlation);
        out.payloadLength = MessageCodec.putMessages(out.payload, 0, page);
        outbox.send(event.from, out);
        out.releaseLargePayload();
    }

    private void replyFailure(int destination, int shard, long correlation, StarlingException error) {
        FederationEvent out = outgoingEvent.reset(FederationEvent.FAILED, shard, instance.index(), correlation);
        out.a = error.code().ordinal();
        String reason = String.valueOf(error.getMessage());
        String prefix = error.code() + ": ";
        out.payloadLength = MessageCodec.putString(out.payload, 0,
                reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason);
        outbox.send(destination, out);
    }

    // ----------------------------------------------------------------------------- hand-over

    /** Hands the first {@code length} bytes of {@link #outgoing} to another shard, never blocking. */
    private void handOver(int shard, int type, int length) {
        handOvers.send(shard, type, outgoing, length);
    }

    // ----------------------------------------------------------------------------- metrics

    long done(RequestType type) {
        return done.get(type.ordinal());
    }

    long handedOver() {
        return handOvers.handedOver();
    }

    long received() {
        return received.get();
    }

    long faults() {
        return faults.get();
    }

    long ringPosition() {
        return poller.getSequence().get();
    }

    long federationPosition() {
        return federationPoller.getSequence().get();
    }

    FederationOutbox outbox() {
        return outbox;
    }

    RemoteCalls remoteCalls() {
        return remoteCalls;
    }

    long federationHandled() {
        return federationHandled.get();
    }

    long deliveriesSent() {
        return deliveriesSent.get();
    }

    long deliveriesReceived() {
        return deliveriesReceived.get();
    }

}
