package dev.starling.sampling.scenario;

import dev.starling.sampling.bootstrap.Topology;
import dev.starling.sampling.runtime.FaultInjector;

import java.util.concurrent.ThreadFactory;

/**
 * Parameters of the elastic scenario; built with {@link #builder()}, validated in {@link Builder#build()}.
 * The timeline scales with {@code cycles}: joins every {@code cycles/6}, crash at {@code 2 cycles/3},
 * recovery at {@code 5 cycles/6}, which for the default 180 cycles is the course's 30, 120 and 150.
 */
public final class ElasticConfig {
    /** Share of the peers that start at cycle 0. */
    public static final double INITIAL = 0.4;
    /** Share of all peers that joins at each step, until all are in. */
    public static final double JOIN = 0.2;
    /** Share of the peers that crashes. */
    public static final double CRASH = 0.6;
    /** Share of the crashed peers that comes back. */
    public static final double RECOVER = 0.6;

    private final int peers;
    private final int cycles;
    private final long cyclePeriodMs;
    private final long seed;
    private final int agents;
    private final Topology topology;
    private final ThreadFactory threadFactory;
    private final boolean stepped;
    private final FaultInjector faults;

    private ElasticConfig(Builder b) {
        peers = b.peers;
        cycles = b.cycles;
        cyclePeriodMs = b.cyclePeriodMs;
        seed = b.seed;
        agents = b.agents;
        topology = b.topology;
        threadFactory = b.threadFactory;
        stepped = b.stepped;
        faults = b.faults;
    }

    /** @return whether each run steps its own {@link dev.starling.sampling.runtime.ManualClock} instead of real time */
    public boolean stepped() {
        return stepped;
    }

    /** @return the faults injected into the runtimes (tests) */
    public FaultInjector faults() {
        return faults;
    }

    /** @return a builder with the course's defaults: 128 peers, 180 cycles of 3 s, one agent, tree */
    public static Builder builder() {
        return new Builder();
    }

    /** @return number of peers */
    public int peers() {
        return peers;
    }

    /** @return cycles of exchanges; views are logged at cycles 0..cycles (cycle {@code cycles}: after the last) */
    public int cycles() {
        return cycles;
    }

    /** @return cycle period in milliseconds */
    public long cyclePeriodMs() {
        return cyclePeriodMs;
    }

    /** @return seed of the scenario's choices and of the agents */
    public long seed() {
        return seed;
    }

    /** @return agents (threads) hosting the peers */
    public int agents() {
        return agents;
    }

    /** @return bootstrap structure */
    public Topology topology() {
        return topology;
    }

    /** @return makes the agents' threads of both runs (one factory, so a CPU plan spans both) */
    public ThreadFactory threadFactory() {
        return threadFactory;
    }

    /** @return cycles between two joins (30 of 180) */
    public int joinEvery() {
        return Math.max(1, (int) Math.round(cycles / 6.0));
    }

    /** @return the crash cycle (120 of 180) */
    public int crashAt() {
        return (int) Math.round(cycles * 2 / 3.0);
    }

    /** @return the recovery cycle (150 of 180) */
    public int recoverAt() {
        return (int) Math.round(cycles * 5 / 6.0);
    }

    /** Collects the parameters. */
    public static final class Builder {
        private int peers = 128;
        private int cycles = 180;
        private long cyclePeriodMs = 3000;
        private long seed = 1;
        private int agents = 1;
        private Topology topology = Topology.TREE;
        private ThreadFactory threadFactory = Thread::new;
        private boolean stepped;
        private FaultInjector faults = FaultInjector.NONE;

        private Builder() {
        }

        /** @param n peers, at least 5 @return this */
        public Builder peers(int n) {
            peers = n;
            return this;
        }

        /** @param k cycles, at least 6 @return this */
        public Builder cycles(int k) {
            cycles = k;
            return this;
        }

        /** @param ms cycle period, at least 2 ms @return this */
        public Builder cyclePeriodMs(long ms) {
            cyclePeriodMs = ms;
            return this;
        }

        /** @param s seed @return this */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** @param n agents, at least 1 @return this */
        public Builder agents(int n) {
            agents = n;
            return this;
        }

        /** @param t bootstrap structure @return this */
        public Builder topology(Topology t) {
            topology = t;
            return this;
        }

        /** @param f makes the agents' threads, e.g. threads that pin themselves to CPUs @return this */
        public Builder threadFactory(ThreadFactory f) {
            threadFactory = f;
            return this;
        }

        /**
         * @param s true: each run on a manual clock stepped by the scenario's thread (no agent threads, no
         *          waiting: deterministic, for tests); false: real time
         * @return this
         */
        public Builder stepped(boolean s) {
            stepped = s;
            return this;
        }

        /** @param f faults injected into the runtimes, e.g. a starved agent @return this */
        public Builder faults(FaultInjector f) {
            faults = f;
            return this;
        }

        /** @return the validated configuration */
        public ElasticConfig build() {
            if (peers < 5) {
                throw new IllegalArgumentException("peers must be at least 5, was " + peers);
            }
            if (cycles < 6) {
                throw new IllegalArgumentException("cycles must be at least 6, was " + cycles);
            }
            if (cyclePeriodMs < 2) {
                throw new IllegalArgumentException("cycle period must be at least 2 ms, was " + cyclePeriodMs);
            }
            if (agents < 1) {
                throw new IllegalArgumentException("agents must be at least 1, was " + agents);
            }
            if (topology == null || threadFactory == null || faults == null) {
                throw new IllegalArgumentException("topology and thread factory must be set");
            }
            return new ElasticConfig(this);
        }
    }
}
