package dev.starling.sampling.runtime;

/**
 * Faults a test injects into the runtime through its {@link RuntimeContext}; none by default.
 */
public interface FaultInjector {
    /** Injects nothing. */
    FaultInjector NONE = (agent, nowMs) -> false;

    /**
     * Asked at the start of every duty cycle.
     *
     * @param agent the agent's index
     * @param nowMs the runtime's time, ms since it was built
     * @return true to skip this duty cycle: the agent is starved (its timers then fire late)
     */
    boolean starve(int agent, long nowMs);
}
