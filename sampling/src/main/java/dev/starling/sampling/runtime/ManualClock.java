package dev.starling.sampling.runtime;

import org.agrona.concurrent.NanoClock;

/**
 * A clock that moves only when told to. Given to {@link RuntimeContext#clock(ManualClock)}, it puts the runtime
 * in stepped mode: no agent threads; {@link PeerRuntime#awaitCycle} advances this clock one millisecond at a
 * time and runs every agent's duty cycle until it has nothing left to do, so a run is one thread's
 * deterministic sequence of events whatever the machine's load.
 */
public final class ManualClock implements NanoClock {
    private long nanos;

    /** @param ms milliseconds to move forward, at least 0 */
    public void advanceMs(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("a clock does not go back: " + ms);
        }
        nanos += ms * 1_000_000L;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }
}
