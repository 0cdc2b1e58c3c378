package dev.starling.engine;

import dev.starling.runtime.EpochMicros;
import dev.starling.runtime.IdleMode;
import dev.starling.runtime.ThreadAffinity;
import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.StoreSizing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Settings of an engine, with defaults that behave on a 2-core machine, validated in one place
 * ({@link #conclude()}). Setters return {@code this}.
 */
public final class EngineSettings {

    private int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
    private int shardsPerInstance = 4;
    private int ringSize = 4096;
    private int inboxBytes = 1 << 20;
    private int backfill = 100;
    private IdleMode idleMode = IdleMode.PARK;
    private long expectedUsersPerInstance = 1_000;
    private long expectedMessagesPerUser = 20;
    private long expectedFollowsPerUser = 20;
    private Path dataDirectory;
    private int federationRingSize = 1024;
    private Duration remoteTimeout = Duration.ofSeconds(5);
    private int broadcastSampling = 16;
    private ThreadAffinity affinity = ThreadAffinity.NONE;
    private int messageCacheSize = 1 << 18;
    private boolean callerRuns = true;
    private FaultInjector faultInjector = new FaultInjector();
    private LongSupplier clock = EpochMicros::now;

    /** Engine threads shared by all instances, as {@code erl +S}. Default: min(2, cores). */
    public EngineSettings threads(int threads) {
        this.threads = threads;
        return this;
    }

    /** Shards per instance; each shard has one writer and its own stores. Default 4. */
    public EngineSettings shardsPerInstance(int shards) {
        this.shardsPerInstance = shards;
        return this;
    }

    /** Slots of each instance's request ring (a power of two). Default 4096. */
    public EngineSettings ringSize(int ringSize) {
        this.ringSize = ringSize;
        return this;
    }

    /** Bytes of each shard's inbox for work handed over by other shards. Default 1 MiB. */
    public EngineSettings inboxBytes(int inboxBytes) {
        this.inboxBytes = inboxBytes;
        return this;
    }

    /** Messages copied into a new follower's timeline on follow (at least 100). Default 100. */
    public EngineSettings backfill(int backfill) {
        this.backfill = backfill;
        return this;
    }

    /** How engine threads wait for work. Default {@link IdleMode#PARK}. */
    public EngineSettings idleMode(IdleMode idleMode) {
        this.idleMode = idleMode;
        return this;
    }

    /**
     * What the stores are first sized for, with no headroom: the data directory starts at about
     * what this load takes. Not a limit: each store grows past it, by generations four times
     * larger, to the limit of the disk ({@link dev.starling.engine.store.GrowingMap}), and each
     * home timeline window doubles as it fills. Default: 1,000 users per instance, 20 messages and
     * 20 follows per user (a small start).
     */
    public EngineSettings expectedLoad(long usersPerInstance, long messagesPerUser, long followsPerUser) {
        this.expectedUsersPerInstance = usersPerInstance;
        this.expectedMessagesPerUser = messagesPerUser;
        this.expectedFollowsPerUser = followsPerUser;
        return this;
    }

    /** Slots of each instance's inbound federation ring (a power of two). Default 1024. */
    public EngineSettings federationRingSize(int slots) {
        this.federationRingSize = slots;
        return this;
    }

    /** How long a remote follow or profile read waits for the other instance: then {@code TIMEOUT}. Default 5 s. */
    public EngineSettings remoteTimeout(Duration timeout) {
        this.remoteTimeout = timeout;
        return this;
    }

    /** One message in this many (a power of two) has its broadcast latency measured. Default 16. */
    public EngineSettings broadcastSampling(int oneIn) {
        this.broadcastSampling = oneIn;
        return this;
    }

    /** Where RING stores persist; null (the default) means a temporary directory removed on close. */
    public EngineSettings dataDirectory(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        return this;
    }

    /** Which CPUs engine threads are pinned to. Default {@link ThreadAffinity#NONE}. */
    public EngineSettings affinity(ThreadAffinity affinity) {
        this.affinity = affinity;
        return this;
    }

    /**
     * Decoded messages kept on the heap per instance, for reads (a power of two; 0 keeps none
     * beyond the minimum of 4). Default 2^18: about 40 MB of heap when full of 60-byte texts.
     */
    public EngineSettings messageCacheSize(int slots) {
        this.messageCacheSize = slots;
        return this;
    }

    /**
     * Whether a caller runs the duty cycle of a shard whose engine thread is idle, instead of
     * waking that thread (default true). False leaves every duty cycle to the engine threads.
     */
    public EngineSettings callerRuns(boolean enabled) {
        this.callerRuns = enabled;
        return this;
    }

    /**
     * The engine's fault injector (default: a fresh, unarmed one). Tests keep a reference and arm
     * it while the engine runs; one injector serves one engine.
     */
    public EngineSettings faultInjector(FaultInjector injector) {
        this.faultInjector = injector;
        return this;
    }

    public FaultInjector faultInjector() {
        return faultInjector;
    }

    /**
     * The wall clock that stamps messages, in microseconds since the epoch (default: the
     * machine's). For tests that step the clock; stamps follow it whenever it is ahead of the
     * instance's last stamp, and never go back when it does ({@link dev.starling.engine.store.StampClock}).
     */
    public EngineSettings clock(LongSupplier microsSinceEpoch) {
        this.clock = microsSinceEpoch;
        return this;
    }

    public LongSupplier clock() {
        return clock;
    }

    /** Checks every setting; throws {@code INVALID_ARGUMENT} naming the first bad one. */
    public EngineSettings conclude() {
        require(threads >= 1 && threads <= 1024, "threads must be 1 to 1024, got " + threads);
        require(shardsPerInstance >= 1 && shardsPerInstance <= Ids.MAX_SHARDS,
                "shardsPerInstance must be 1 to " + Ids.MAX_SHARDS + ", got " + shardsPerInstance);
        require(ringSize >= 64 && Integer.bitCount(ringSize) == 1, "ringSize must be a power of two >= 64, got " + ringSize);
        require(inboxBytes >= 64 * 1024 && Integer.bitCount(inboxBytes) == 1,
                "inboxBytes must be a power of two >= 65536, got " + inboxBytes);
        require(backfill >= 100 && backfill <= 800, "backfill must be 100 to 800, got " + backfill);
        require(idleMode != null, "idleMode must be set");
        require(federationRingSize >= 64 && Integer.bitCount(federationRingSize) == 1,
                "federationRingSize must be a power of two >= 64, got " + federationRingSize);
        require(remoteTimeout != null && remoteTimeout.toMillis() >= 1 && remoteTimeout.toMinutes() <= 10,
                "remoteTimeout must be 1 ms to 10 minutes, got " + remoteTimeout);
        require(broadcastSampling >= 1 && Integer.bitCount(broadcastSampling) == 1,
                "broadcastSampling must be a power of two >= 1, got " + broadcastSampling);
        require(affinity != null, "affinity must be set");
        require(faultInjector != null, "faultInjector must be set");
        require(clock != null, "clock must be set");
        require(messageCacheSize >= 0 && messageCacheSize <= 1 << 26 && (messageCacheSize == 0 || Integer.bitCount(messageCacheSize) == 1),
                "messageCacheSize must be 0 or a power of two up to 2^26, got " + messageCacheSize);
        require(expectedUsersPerInstance >= 1 && expectedMessagesPerUser >= 1 && expectedFollowsPerUser >= 1,
                "expected load must be positive");
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, message);
        }
    }

    public boolean callerRuns() {
        return callerRuns;
    }

    public int messageCacheSize() {
        return messageCacheSize;
    }

    public int threads() {
        return threads;
    }

    public int shardsPerInstance() {
        return shardsPerInstance;
    }

    public int ringSize() {
        return ringSize;
    }

    public int inboxBytes() {
        return inboxBytes;
    }

    public int backfill() {
        return backfill;
    }

    public IdleMode idleMode() {
        return idleMode;
    }

    public int federationRingSize() {
        return federationRingSize;
    }

    public Duration remoteTimeout() {
        return remoteTimeout;
    }

    public int broadcastSampling() {
        return broadcastSampling;
    }

    public ThreadAffinity affinity() {
        return affinity;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public StoreSizing storeSizing() {
        long perShard = Math.max(16, expectedUsersPerInstance * 5 / 4 / shardsPerInstance + 1);
        return new StoreSizing(perShard, expectedMessagesPerUser, expectedFollowsPerUser, 64);
    }
}
