package dev.starling.sampling.runtime;

import dev.starling.sampling.protocol.Propagation;
import dev.starling.sampling.protocol.ProtocolConfig;
import dev.starling.sampling.protocol.View;
import org.agrona.DeadlineTimerWheel;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hosts the peers whose address is {@code index} modulo the number of agents. Duty cycle: drain the inbound
 * ring buffer, then fire due timers (cycle timers and exchange timeouts) from a {@link DeadlineTimerWheel}.
 * Every message and every timer is handled inside its own try/catch, so a failing peer never stops the duty
 * cycle of the others; anything caught goes to the error handler and the {@link #errors()} count.
 */
final class PeerAgent implements Agent, MessageHandler, DeadlineTimerWheel.TimerHandler {
    private static final int CYCLE = 0;
    private static final int TIMEOUT = 1;
    private static final int READ_LIMIT = 256;
    private static final int EXPIRY_LIMIT = 256;

    private final int index;
    private final PeerRuntime runtime;
    private final RuntimeContext ctx;
    private final ProtocolConfig protocol;
    private final boolean pull;
    private final RingBuffer inbox;
    private final Peer[] peers;
    private final DeadlineTimerWheel wheel;
    /** Timer id to {@code peer << 1 | kind}. */
    private final Long2LongHashMap timers = new Long2LongHashMap(-1);
    private final SplittableRandom rng;
    private final View received;
    private final View outgoing;
    private final MutableDirectBuffer sendBuffer;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong exchanges = new AtomicLong();

    PeerAgent(int index, PeerRuntime runtime, RuntimeContext ctx, RingBuffer inbox, long nowMs) {
        this.index = index;
        this.runtime = runtime;
        this.ctx = ctx;
        this.protocol = ctx.protocol();
        this.pull = protocol.propagation() == Propagation.PUSHPULL;
        this.inbox = inbox;
        this.peers = new Peer[ctx.maxPeers()];
        this.wheel = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, nowMs, 1, 1024);
        this.rng = new SplittableRandom(ctx.seed() * 31 + index);
        this.received = new View(protocol.viewCapacity());
        this.outgoing = new View(protocol.bufferSize());
        this.sendBuffer = new UnsafeBuffer(new byte[Messages.maxLength(protocol.viewCapacity())]);
    }

    @Override
    public String roleName() {
        return "peer-agent-" + index;
    }

    @Override
    public int doWork() {
        if (ctx.faults().starve(index, runtime.nowMs())) {
            return 0;
        }
        int work = inbox.read(this, READ_LIMIT);
        long now = runtime.nowMs();
        // poll advances the wheel one tick per call: catch up after an idle park
        int rounds = 0;
        do {
            work += wheel.poll(now, this, EXPIRY_LIMIT);
        } while (wheel.currentTickTime() <= now && ++rounds < 4096);
        return work;
    }

    @Override
    public void onMessage(int type, MutableDirectBuffer buffer, int offset, int length) {
        try {
            int to = buffer.getInt(offset + Messages.TO);
            Peer peer = hosted(to);
            switch (type) {
                case Messages.START -> onStart(peer, buffer, offset, length);
                case Messages.CRASH -> onCrash(peer);
                case Messages.REQUEST -> onRequest(peer, buffer, offset, length);
                case Messages.REPLY -> onReply(peer, buffer, offset, length);
                default -> throw new IllegalArgumentException("unknown message type " + type);
            }
        } catch (Throwable t) {
            report(t);
        }
    }

    @Override
    public boolean onTimerExpiry(TimeUnit timeUnit, long now, long timerId) {
        long what = timers.remove(timerId);
        if (what == -1) {
            return true;
        }
        Peer peer = peers[(int) (what >>> 1)];
        try {
            if ((what & 1) == CYCLE) {
                onCycle(peer, now);
            } else {
                onTimeout(peer);
            }
        } catch (Throwable t) {
            report(t);
        }
        return true;
    }

    private void onStart(Peer peer, MutableDirectBuffer buffer, int offset, int length) {
        Messages.decodeEntries(buffer, offset, length, received);
        cancelTimers(peer);
        peer.view.clear();
        for (int i = 0; i < received.size() && peer.view.size() < protocol.viewSize(); i++) {
            int id = received.id(i);
            if (id != peer.id && !peer.view.contains(id)) {
                peer.view.add(id, received.age(i));
            }
        }
        peer.state = Peer.State.IDLE;
        peer.partner = -1;
        long period = ctx.cyclePeriodMs();
        // no peer fires in the first tenth of a cycle (commands sent as a cycle starts act before its timers) nor
        // in the last (a timer wheel tick late must not carry a log into the next cycle, where it reads as late)
        long window = period / 10;
        peer.phaseMs = window + rng.nextLong(Math.max(1, period - 2 * window));
        long epoch = runtime.epochMs();
        long now = runtime.nowMs();
        long cycle = Math.max(0, Math.floorDiv(now - epoch - peer.phaseMs + period - 1, period));
        peer.nextCycle = cycle;
        schedule(peer, CYCLE, epoch + cycle * period + peer.phaseMs);
    }

    private void onCrash(Peer peer) {
        cancelTimers(peer);
        peer.state = Peer.State.DOWN;
        peer.view.clear();
        peer.partner = -1;
    }

    /** The active thread: log, start one exchange, and restart the cycle timer whatever happens. */
    private void onCycle(Peer peer, long now) {
        peer.cycleTimer = DeadlineTimerWheel.NULL_DEADLINE;
        if (peer.state == Peer.State.DOWN) {
            return;
        }
        long cycle = peer.nextCycle;
        try {
            try {
                ctx.viewListener().onView(cycle, peer.id, peer.view, runtime.currentCycle());
            } catch (Throwable t) {
                report(t);
            }
            startExchange(peer);
        } finally {
            peer.nextCycle = cycle + 1;
            schedule(peer, CYCLE, runtime.epochMs() + peer.nextCycle * ctx.cyclePeriodMs() + peer.phaseMs);
        }
    }

    private void startExchange(Peer peer) {
        if (peer.state == Peer.State.WAITING) {
            abandonExchange(peer);
        }
        int partner = peer.view.selectPartner(protocol.selection(), rng);
        if (partner < 0) {
            return;
        }
        peer.view.buildBuffer(peer.id, protocol, rng, outgoing);
        peer.exchangeSeq++;
        send(Messages.REQUEST, partner, peer.id, peer.exchangeSeq, outgoing);
        exchanges.incrementAndGet();
        if (pull) {
            peer.state = Peer.State.WAITING;
            peer.partner = partner;
            schedule(peer, TIMEOUT, runtime.nowMs() + ctx.exchangeTimeoutMs());
        } else {
            peer.view.incrementAges();
        }
    }

    /** Passive thread: answer first (pushpull), then merge, then age. */
    private void onRequest(Peer peer, MutableDirectBuffer buffer, int offset, int length) {
        if (peer.state == Peer.State.DOWN) {
            dropped.incrementAndGet();
            return;
        }
        Messages.decodeEntries(buffer, offset, length, received);
        if (pull) {
            peer.view.buildBuffer(peer.id, protocol, rng, outgoing);
            send(Messages.REPLY, buffer.getInt(offset + Messages.FROM), peer.id,
                    buffer.getInt(offset + Messages.SEQ), outgoing);
        }
        peer.view.merge(peer.id, protocol, received, rng);
        peer.view.incrementAges();
    }

    private void onReply(Peer peer, MutableDirectBuffer buffer, int offset, int length) {
        if (peer.state != Peer.State.WAITING
                || buffer.getInt(offset + Messages.SEQ) != peer.exchangeSeq
                || buffer.getInt(offset + Messages.FROM) != peer.partner) {
            dropped.incrementAndGet();
            return;
        }
        Messages.decodeEntries(buffer, offset, length, received);
        cancel(peer.timeoutTimer);
        peer.timeoutTimer = DeadlineTimerWheel.NULL_DEADLINE;
        peer.state = Peer.State.IDLE;
        peer.partner = -1;
        peer.view.merge(peer.id, protocol, received, rng);
        peer.view.incrementAges();
    }

    /** No answer in time (partner crashed, or a message was lost): give up and carry on. */
    private void onTimeout(Peer peer) {
        peer.timeoutTimer = DeadlineTimerWheel.NULL_DEADLINE;
        if (peer.state == Peer.State.WAITING) {
            timeouts.incrementAndGet();
            abandonExchange(peer);
        }
    }

    private void abandonExchange(Peer peer) {
        cancel(peer.timeoutTimer);
        peer.timeoutTimer = DeadlineTimerWheel.NULL_DEADLINE;
        peer.state = Peer.State.IDLE;
        peer.partner = -1;
        peer.view.incrementAges();
    }

    private void send(int type, int to, int from, int seq, View entries) {
        int length = Messages.encode(sendBuffer, to, from, seq, entries);
        if (!runtime.inboxOf(to).write(type, sendBuffer, 0, length)) {
            dropped.incrementAndGet();
        }
    }

    private void schedule(Peer peer, int kind, long deadline) {
        long id = wheel.scheduleTimer(deadline);
        timers.put(id, ((long) peer.id << 1) | kind);
        if (kind == CYCLE) {
            peer.cycleTimer = id;
        } else {
            peer.timeoutTimer = id;
        }
    }

    private void cancelTimers(Peer peer) {
        cancel(peer.cycleTimer);
        cancel(peer.timeoutTimer);
        peer.cycleTimer = DeadlineTimerWheel.NULL_DEADLINE;
        peer.timeoutTimer = DeadlineTimerWheel.NULL_DEADLINE;
    }

    private void cancel(long timerId) {
        if (timerId != DeadlineTimerWheel.NULL_DEADLINE) {
            wheel.cancelTimer(timerId);
            timers.remove(timerId);
        }
    }

    private Peer hosted(int id) {
        if (id < 0 || id >= peers.length || runtime.agentOf(id) != index) {
            throw new IllegalArgumentException("peer " + id + " is not hosted by agent " + index);
        }
        Peer peer = peers[id];
        if (peer == null) {
            peer = new Peer(id, protocol.viewCapacity());
            peers[id] = peer;
        }
        return peer;
    }

    private void report(Throwable t) {
        errors.incrementAndGet();
        try {
            ctx.errorHandler().onError(t);
        } catch (Throwable ignored) {
            // an error handler that fails must not stop the duty cycle either
        }
    }

    long errors() {
        return errors.get();
    }

    long timeouts() {
        return timeouts.get();
    }

    long dropped() {
        return dropped.get();
    }

    long exchanges() {
        return exchanges.get();
    }
}
