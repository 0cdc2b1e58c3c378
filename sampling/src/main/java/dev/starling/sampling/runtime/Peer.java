package dev.starling.sampling.runtime;

import dev.starling.sampling.protocol.View;
import org.agrona.DeadlineTimerWheel;

/** One peer's state, owned by the agent that hosts it: a state machine, not a thread. */
final class Peer {
    enum State {
        /** Never started, or crashed: drops whatever it receives. */
        DOWN,
        /** Alive, no exchange under way. */
        IDLE,
        /** Alive, waiting for the pushpull answer of {@link #partner}. */
        WAITING
    }

    final int id;
    final View view;
    State state = State.DOWN;
    /** Offset of this peer's cycle timer within a period, so that peers do not all fire at once. */
    long phaseMs;
    /** The cycle the next cycle timer belongs to. */
    long nextCycle;
    long cycleTimer = DeadlineTimerWheel.NULL_DEADLINE;
    long timeoutTimer = DeadlineTimerWheel.NULL_DEADLINE;
    int partner = -1;
    /** Numbers this peer's exchanges, so that a late answer to an abandoned one is recognised and dropped. */
    int exchangeSeq;

    Peer(int id, int viewCapacity) {
        this.id = id;
        this.view = new View(viewCapacity);
    }
}
