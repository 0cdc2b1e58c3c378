package dev.starling.engine;

import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StoreSizing;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.ConcurrentCountersManager;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of one instance's shards without rings or threads: stores, a directory with real
 * inboxes, each shard's {@link UserOperations} with its {@link HandOverProxy}, and a recording
 * {@link FederationPort}. Tests drive hand-overs by hand with {@link #drain}.
 */
final class ShardFixture implements AutoCloseable {

    static final String DOMAIN = "vub.be";
    static final int INSTANCE = 3;
    static final int BACKFILL = 100;

    final ShardStores[] stores;
    final FaultInjector injector = new FaultInjector();
    final ShardDirectory directory;
    final MessageCache cache = new MessageCache(1 << 10);
    final ReadCounters reads = new ReadCounters();
    final UserOperations[] operations;
    final HandOverProxy[] handOvers;
    final RemoteCalls[] remoteCalls;
    final InboxAdapter[] inboxAdapters;
    final RecordingPort[] ports;
    /** Samples every message (one in one). */
    final BroadcastTracker broadcast = new BroadcastTracker(1);
    /** Whether the shards see a caller inside the stores (they then keep the windows they replaced). */
    volatile boolean readerInside;

    ShardFixture(Path dir, int shards) {
        this(dir, shards, new StoreSizing(1_000, 50, 20, 40));
    }

    ShardFixture(Path dir, int shards, StoreSizing sizing) {
        CountersManager counters = new ConcurrentCountersManager(
                new UnsafeBuffer(ByteBuffer.allocateDirect(shards * ShardCounters.perShard() * CountersReader.METADATA_LENGTH)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(shards * ShardCounters.perShard() * CountersReader.COUNTER_LENGTH)));
        stores = new ShardStores[shards];
        ShardInbox[] inboxes = new ShardInbox[shards];
        ShardCounters[] shardCounters = new ShardCounters[shards];
        for (int i = 0; i < shards; i++) {
            stores[i] = new ShardStores(dir.resolve("shard-" + i), sizing);
            inboxes[i] = new ShardInbox(1 << 16);
            shardCounters[i] = new ShardCounters(counters, "shard-" + i);
        }
        directory = new ShardDirectory(DOMAIN, INSTANCE, inboxes, shardCounters);
        operations = new UserOperations[shards];
        handOvers = new HandOverProxy[shards];
        remoteCalls = new RemoteCalls[shards];
        inboxAdapters = new InboxAdapter[shards];
        ports = new RecordingPort[shards];
        for (int i = 0; i < shards; i++) {
            handOvers[i] = new HandOverProxy(directory, shardCounters[i]);
            ports[i] = new RecordingPort();
            remoteCalls[i] = new RemoteCalls(1_000_000_000L, shardCounters[i]);
            operations[i] = new UserOperations(directory, i, stores[i], new StoreReader(DOMAIN, stores, cache, reads),
                    cache, broadcast, BACKFILL, handOvers[i], ports[i], () -> !readerInside, injector);
            inboxAdapters[i] = new InboxAdapter(operations[i], remoteCalls[i],
                    new FaultReporter("shard-" + i, shardCounters[i].faults), shardCounters[i]);
        }
    }

    /** Applies every hand-over waiting in any inbox (and what it hands on), until none is left. */
    int drain() {
        int total = 0;
        int round;
        do {
            round = 0;
            for (int i = 0; i < operations.length; i++) {
                round += handOvers[i].retry();
                round += directory.inbox(i).read(inboxAdapters[i], Integer.MAX_VALUE);
            }
            total += round;
        } while (round > 0);
        return total;
    }

    /** Registers {@code name} in the shard that holds it. */
    UserOperations.Account register(String name) {
        return of(name).register(name);
    }

    /** Sends {@code text} as {@code sender}, received at {@code receivedMicros}. */
    dev.starling.api.Message send(UserOperations.Account sender, String text, long receivedMicros) {
        return of(sender.userId()).send(sender.userId(), sender.localName() + "@" + DOMAIN, text, receivedMicros);
    }

    /** The user's whole home timeline, newest first. */
    List<dev.starling.api.Message> timeline(long userId) {
        return of(userId).timeline(userId, 10_000, Long.MAX_VALUE, Long.MIN_VALUE);
    }

    /** The operations of the shard that holds {@code localName}. */
    UserOperations of(String localName) {
        return operations[directory.shardOfName(localName)];
    }

    /** The operations of the shard that holds user {@code userId}. */
    UserOperations of(long userId) {
        return operations[directory.shardOfUser(userId)];
    }

    /** A reader of the instance's stores, as a caller's thread has. */
    StoreReader reader() {
        return new StoreReader(DOMAIN, stores, cache, reads);
    }

    long faults() {
        long sum = 0;
        for (int i = 0; i < operations.length; i++) {
            sum += directory.counters(i).faults.get();
        }
        return sum;
    }

    @Override
    public void close() {
        for (ShardStores s : stores) {
            s.close();
        }
    }

    /** A federation port that records what the shard sends. */
    static final class RecordingPort implements FederationPort {
        final List<String> sent = new ArrayList<>();
        /** Runs as each delivery is handed over, before it is recorded. */
        Runnable onDeliver = () -> { };

        @Override
        public void deliver(long instances, long senderId, long messageId, long stamp, String sender, String text) {
            onDeliver.run();
            sent.add("deliver " + Long.toBinaryString(instances) + " " + messageId + " " + sender + " " + text);
        }

        @Override
        public void followRequest(int destination, int targetShard, long correlation, long follower, String name) {
            sent.add("follow " + destination + "/" + targetShard + " " + correlation + " " + follower + " " + name);
        }

        @Override
        public void profileRequest(int destination, int targetShard, long correlation, String name, int limit,
                                   long beforeMicros) {
            sent.add("profile " + destination + "/" + targetShard + " " + correlation + " " + name + " " + limit);
        }

        @Override
        public int retry() {
            return 0;
        }

        @Override
        public int poll(FederationHandler handler) {
            return 0;
        }

        @Override
        public long inboundBacklog() {
            return 0;
        }

        @Override
        public long queued() {
            return 0;
        }

        @Override
        public void deferWakes(boolean defer) {
        }

        @Override
        public void takeDeferred(LongArrayList into) {
        }
    }
}
