package dev.starling.sampling.runtime;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs peers as state machines on {@code agents} Agrona {@link AgentRunner}s: peer {@code p} lives on agent
 * {@code p % agents}, which owns its state, its timers and an inbound {@link ManyToOneRingBuffer}. All
 * traffic, exchanges and the control calls below alike, travels through those ring buffers, so a peer's
 * state is only ever touched by its agent's thread. Cycle {@code k} starts {@code k} periods after the epoch;
 * each peer fires once per cycle at its own random offset within it.
 */
public final class PeerRuntime implements AutoCloseable {
    private final RuntimeContext ctx;
    private final long originNanos;
    private final RingBuffer[] inboxes;
    private final PeerAgent[] agents;
    private final AgentRunner[] runners;
    private final UnsafeBuffer controlBuffer;
    private final NanoClock clock;
    private final ManualClock manual;
    private volatile long epochMs = Long.MAX_VALUE;
    private boolean started;
    private boolean closed;

    /** @param ctx the configuration; concluded here */
    public PeerRuntime(RuntimeContext ctx) {
        this.ctx = ctx.conclude();
        this.clock = ctx.clock();
        this.manual = ctx.manualClock();
        this.originNanos = clock.nanoTime();
        int n = ctx.agents();
        inboxes = new RingBuffer[n];
        agents = new PeerAgent[n];
        runners = new AgentRunner[n];
        for (int i = 0; i < n; i++) {
            inboxes[i] = new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(ctx.ringBufferLength())));
        }
        for (int i = 0; i < n; i++) {
            agents[i] = new PeerAgent(i, this, ctx, inboxes[i], nowMs());
            runners[i] = new AgentRunner(ctx.newIdleStrategy(), ctx.errorHandler(), null, agents[i]);
        }
        controlBuffer = new UnsafeBuffer(new byte[Messages.maxLength(Math.max(ctx.protocol().viewCapacity(), 64))]);
    }

    /**
     * Starts the agents' threads; cycle 0 begins after the configured start delay.
     *
     * @return this
     */
    public synchronized PeerRuntime start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        epochMs = nowMs() + ctx.startDelayMs();
        if (manual == null) {
            for (AgentRunner runner : runners) {
                AgentRunner.startOnThread(runner, ctx.threadFactory());
            }
        }
        return this;
    }

    /**
     * Starts (or restarts after a crash) a peer with a first view of the given addresses, age 0. Its first
     * cycle is the first one whose slot for it is still ahead.
     *
     * @param peer address in [0, maxPeers)
     * @param view first view (at most c addresses are kept)
     */
    public synchronized void startPeer(int peer, int[] view) {
        checkPeer(peer);
        int[] ids = view.length > ctx.protocol().viewSize()
                ? java.util.Arrays.copyOf(view, ctx.protocol().viewSize()) : view;
        control(Messages.START, peer, ids);
    }

    /**
     * Crashes a peer: its timers stop and it drops whatever it receives until started again.
     *
     * @param peer address in [0, maxPeers)
     */
    public synchronized void crashPeer(int peer) {
        checkPeer(peer);
        control(Messages.CRASH, peer, new int[0]);
    }

    /**
     * Sleeps until cycle {@code k} starts (returns at once if it has).
     *
     * @param k the cycle
     * @throws InterruptedException if interrupted
     */
    public void awaitCycle(long k) throws InterruptedException {
        long deadline = epochMs + k * ctx.cyclePeriodMs();
        if (manual != null) {
            advanceTo(deadline);
            return;
        }
        long left;
        while ((left = deadline - nowMs()) > 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(left, 50)));
        }
    }

    /**
     * Lets {@code ms} milliseconds pass: sleeps, or with a {@link ManualClock} steps the agents through them.
     *
     * @param ms milliseconds
     * @throws InterruptedException if interrupted
     */
    public void pause(long ms) throws InterruptedException {
        if (manual != null) {
            advanceTo(nowMs() + ms);
        } else {
            Thread.sleep(ms);
        }
    }

    /** Stepped mode: one millisecond at a time, each followed by the agents' duty cycles until they are idle. */
    private void advanceTo(long deadlineMs) {
        drain();
        while (nowMs() < deadlineMs) {
            manual.advanceMs(1);
            drain();
        }
    }

    /** Stepped mode: runs every agent's duty cycle until none has work left (bounded). */
    private void drain() {
        for (int round = 0; round < 10_000; round++) {
            int work = 0;
            for (PeerAgent agent : agents) {
                try {
                    work += agent.doWork();
                } catch (Throwable t) {
                    ctx.errorHandler().onError(t);
                }
            }
            if (work == 0) {
                return;
            }
        }
    }

    /** @return the cycle under way now, -1 before cycle 0 */
    public long currentCycle() {
        long t = nowMs() - epochMs;
        return t < 0 ? -1 : t / ctx.cyclePeriodMs();
    }

    /** @return exceptions caught inside the agents' duty cycles so far */
    public long errors() {
        long sum = 0;
        for (PeerAgent a : agents) {
            sum += a.errors();
        }
        return sum;
    }

    /** @return pushpull exchanges abandoned for lack of an answer */
    public long timeouts() {
        long sum = 0;
        for (PeerAgent a : agents) {
            sum += a.timeouts();
        }
        return sum;
    }

    /** @return messages dropped: received by crashed peers, late answers, or a full ring buffer */
    public long dropped() {
        long sum = 0;
        for (PeerAgent a : agents) {
            sum += a.dropped();
        }
        return sum;
    }

    /** @return exchanges started */
    public long exchanges() {
        long sum = 0;
        for (PeerAgent a : agents) {
            sum += a.exchanges();
        }
        return sum;
    }

    /** @return whether every agent thread is still running its duty cycle */
    public boolean agentsRunning() {
        if (manual != null) {
            return !closed;
        }
        for (AgentRunner r : runners) {
            Thread t = r.thread();
            if (r.isClosed() || t == null || t == AgentRunner.TOMBSTONE || !t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Stops every agent and waits for its thread. */
    @Override
    public void close() {
        closed = true;
        for (AgentRunner runner : runners) {
            runner.close();
        }
    }

    long nowMs() {
        return (clock.nanoTime() - originNanos) / 1_000_000;
    }

    long epochMs() {
        return epochMs;
    }

    int agentOf(int peer) {
        return peer % agents.length;
    }

    RingBuffer inboxOf(int peer) {
        return inboxes[agentOf(peer)];
    }

    /** Writes a raw message to the agent hosting {@code peer}: the path control calls take. */
    boolean offer(int type, int peer, UnsafeBuffer buffer, int length) {
        return inboxOf(peer).write(type, buffer, 0, length);
    }

    private void control(int type, int peer, int[] ids) {
        int length = Messages.encode(controlBuffer, peer, ids);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!offer(type, peer, controlBuffer, length)) {
            if (manual != null) {
                drain();
                if (offer(type, peer, controlBuffer, length)) {
                    return;
                }
                throw new IllegalStateException("inbound ring of peer " + peer + " is full");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("inbound ring of peer " + peer + " stayed full for 5 s");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private void checkPeer(int peer) {
        if (peer < 0 || peer >= ctx.maxPeers()) {
            throw new IllegalArgumentException("peer must be in [0, " + ctx.maxPeers() + "), was " + peer);
        }
    }
}
