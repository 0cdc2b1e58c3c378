package dev.starling.sampling.runtime;

import dev.starling.sampling.protocol.ProtocolConfig;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Configuration of a {@link PeerRuntime}, with defaults; {@link #conclude()} validates it in one place.
 * Defaults: 1 agent, a {@link BackoffIdleStrategy} that parks up to 1 ms (never busy-spins for long),
 * 3 s cycles, exchange timeout of half a cycle, 1 MiB inbound ring per agent.
 */
public final class RuntimeContext {
    private int agents = 1;
    private Supplier<IdleStrategy> idleStrategy = () -> new BackoffIdleStrategy(
            10, 10, TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(1));
    private long cyclePeriodMs = 3000;
    private long exchangeTimeoutMs = -1;
    private long startDelayMs = -1;
    private int ringCapacity = 1 << 20;
    private int maxPeers = -1;
    private long seed = 1;
    private ProtocolConfig protocol;
    private ViewListener viewListener = ViewListener.NONE;
    private ErrorHandler errorHandler = Throwable::printStackTrace;
    private ThreadFactory threadFactory = Thread::new;
    private NanoClock clock = SystemNanoClock.INSTANCE;
    private ManualClock manualClock;
    private FaultInjector faults = FaultInjector.NONE;
    private boolean concluded;

    /** @param n agents (threads) hosting the peers, at least 1 @return this */
    public RuntimeContext agents(int n) {
        agents = n;
        return this;
    }

    /** @param s makes one idle strategy per agent @return this */
    public RuntimeContext idleStrategy(Supplier<IdleStrategy> s) {
        idleStrategy = s;
        return this;
    }

    /** @param ms cycle period in milliseconds, at least 1 @return this */
    public RuntimeContext cyclePeriodMs(long ms) {
        cyclePeriodMs = ms;
        return this;
    }

    /** @param ms how long an active peer waits for a pushpull answer, in [1, period); default period/2 @return this */
    public RuntimeContext exchangeTimeoutMs(long ms) {
        exchangeTimeoutMs = ms;
        return this;
    }

    /** @param ms delay from {@link PeerRuntime#start()} to the start of cycle 0; default min(period, 100 ms) @return this */
    public RuntimeContext startDelayMs(long ms) {
        startDelayMs = ms;
        return this;
    }

    /** @param bytes capacity of each agent's inbound ring buffer, a power of two @return this */
    public RuntimeContext ringCapacity(int bytes) {
        ringCapacity = bytes;
        return this;
    }

    /** @param n peer addresses are 0..n-1 @return this */
    public RuntimeContext maxPeers(int n) {
        maxPeers = n;
        return this;
    }

    /** @param s seed of the agents' random generators (runs are not reproducible: threads interleave) @return this */
    public RuntimeContext seed(long s) {
        seed = s;
        return this;
    }

    /** @param p the protocol every peer runs @return this */
    public RuntimeContext protocol(ProtocolConfig p) {
        protocol = p;
        return this;
    }

    /** @param l told of every peer's view each cycle @return this */
    public RuntimeContext viewListener(ViewListener l) {
        viewListener = l;
        return this;
    }

    /** @param h told of every exception caught in an agent's duty cycle @return this */
    public RuntimeContext errorHandler(ErrorHandler h) {
        errorHandler = h;
        return this;
    }

    /**
     * @param f makes the agents' threads (Agrona names them after the agent); a factory whose threads pin
     *          themselves to CPUs pins the agents. Default: plain threads
     * @return this
     */
    public RuntimeContext threadFactory(ThreadFactory f) {
        threadFactory = f;
        return this;
    }

    /**
     * Steps the runtime by hand: no agent threads; {@link PeerRuntime#awaitCycle} advances this clock and runs the
     * agents' duty cycles on the caller's thread. Default: the system's nano clock and one thread per agent.
     *
     * @param c the clock
     * @return this
     */
    public RuntimeContext clock(ManualClock c) {
        manualClock = c;
        clock = c == null ? SystemNanoClock.INSTANCE : c;
        return this;
    }

    /** @param f faults to inject (tests); default none @return this */
    public RuntimeContext faultInjector(FaultInjector f) {
        faults = f;
        return this;
    }

    /**
     * Checks the values and fills the derived defaults. Called by {@link PeerRuntime}; idempotent.
     *
     * @return this
     */
    public RuntimeContext conclude() {
        if (concluded) {
            return this;
        }
        if (protocol == null) {
            throw new IllegalStateException("protocol must be set");
        }
        if (maxPeers < 1) {
            throw new IllegalStateException("maxPeers must be at least 1, was " + maxPeers);
        }
        if (agents < 1) {
            throw new IllegalStateException("agents must be at least 1, was " + agents);
        }
        if (cyclePeriodMs < 2) {
            throw new IllegalStateException("cycle period must be at least 2 ms, was " + cyclePeriodMs);
        }
        if (exchangeTimeoutMs == -1) {
            exchangeTimeoutMs = Math.max(1, cyclePeriodMs / 2);
        }
        if (exchangeTimeoutMs < 1 || exchangeTimeoutMs >= cyclePeriodMs) {
            throw new IllegalStateException("exchange timeout must be in [1, period), was " + exchangeTimeoutMs);
        }
        if (startDelayMs == -1) {
            startDelayMs = Math.min(cyclePeriodMs, 100);
        }
        if (startDelayMs < 0) {
            throw new IllegalStateException("start delay must be at least 0, was " + startDelayMs);
        }
        if (Integer.bitCount(ringCapacity) != 1 || ringCapacity < 4096) {
            throw new IllegalStateException("ring capacity must be a power of two >= 4096, was " + ringCapacity);
        }
        if (idleStrategy == null || viewListener == null || errorHandler == null || threadFactory == null
                || faults == null) {
            throw new IllegalStateException("idle strategy, view listener, error handler and thread factory must be set");
        }
        concluded = true;
        return this;
    }

    int agents() {
        return agents;
    }

    IdleStrategy newIdleStrategy() {
        return idleStrategy.get();
    }

    long cyclePeriodMs() {
        return cyclePeriodMs;
    }

    long exchangeTimeoutMs() {
        return exchangeTimeoutMs;
    }

    long startDelayMs() {
        return startDelayMs;
    }

    int ringBufferLength() {
        return ringCapacity + RingBufferDescriptor.TRAILER_LENGTH;
    }

    int maxPeers() {
        return maxPeers;
    }

    long seed() {
        return seed;
    }

    ProtocolConfig protocol() {
        return protocol;
    }

    ViewListener viewListener() {
        return viewListener;
    }

    ErrorHandler errorHandler() {
        return errorHandler;
    }

    ThreadFactory threadFactory() {
        return threadFactory;
    }

    NanoClock clock() {
        return clock;
    }

    /** @return the manual clock, or null when the runtime runs on threads and the system clock */
    ManualClock manualClock() {
        return manualClock;
    }

    FaultInjector faults() {
        return faults;
    }
}
