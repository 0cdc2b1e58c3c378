package dev.starling.sampling.sim;

import dev.starling.sampling.protocol.ProtocolConfig;

/**
 * Parameters of a simulation run; built with {@link #builder()}, validated in {@link Builder#build()}.
 * Defaults: 10,000 nodes, the blind c = 30 protocol, 300 cycles, random start, no crash, no churn, seed 1,
 * the paper's model ({@link Model#PAPER}), one thread.
 */
public final class SimulationConfig {
    private final int nodes;
    private final ProtocolConfig protocol;
    private final int cycles;
    private final int crashAt;
    private final double crashFraction;
    private final double churn;
    private final long seed;
    private final Initialization initialization;
    private final Model model;
    private final int threads;

    private SimulationConfig(Builder b) {
        nodes = b.nodes;
        protocol = b.protocol;
        cycles = b.cycles;
        crashAt = b.crashAt;
        crashFraction = b.crashFraction;
        churn = b.churn;
        seed = b.seed;
        initialization = b.initialization;
        model = b.model;
        threads = b.threads;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return number of peers */
    public int nodes() {
        return nodes;
    }

    /** @return the protocol */
    public ProtocolConfig protocol() {
        return protocol;
    }

    /** @return number of cycles */
    public int cycles() {
        return cycles;
    }

    /** @return the cycle at whose end the crash happens, or -1 for none */
    public int crashAt() {
        return crashAt;
    }

    /** @return the fraction of alive peers that crash */
    public double crashFraction() {
        return crashFraction;
    }

    /** @return the fraction of alive peers replaced by new ones at the end of every cycle */
    public double churn() {
        return churn;
    }

    /** @return addresses that churn may hand to new peers: enough for every cycle's replacements */
    public int churnAddresses() {
        return churn == 0 ? 0 : Math.toIntExact((long) cycles * (long) Math.ceil(churn * nodes));
    }

    /** @return the seed of the one random generator */
    public long seed() {
        return seed;
    }

    /** @return how the first views are filled */
    public Initialization initialization() {
        return initialization;
    }

    /** @return the modelling switches */
    public Model model() {
        return model;
    }

    /** @return threads that run a cycle's exchanges (the output does not depend on it) */
    public int threads() {
        return threads;
    }

    /** Collects the parameters. */
    public static final class Builder {
        private int nodes = 10_000;
        private ProtocolConfig protocol = ProtocolConfig.named("blind", 30);
        private int cycles = 300;
        private int crashAt = -1;
        private double crashFraction;
        private double churn;
        private long seed = 1;
        private Initialization initialization = Initialization.RANDOM;
        private Model model = Model.PAPER;
        private int threads = 1;

        private Builder() {
        }

        /** @param n number of peers, at least 2 @return this */
        public Builder nodes(int n) {
            nodes = n;
            return this;
        }

        /** @param p the protocol @return this */
        public Builder protocol(ProtocolConfig p) {
            protocol = p;
            return this;
        }

        /** @param k number of cycles, at least 1 @return this */
        public Builder cycles(int k) {
            cycles = k;
            return this;
        }

        /**
         * @param cycle    crash at the end of this cycle (1..cycles), or -1 for none
         * @param fraction fraction of alive peers that crash, in [0, 1]
         * @return this
         */
        public Builder crash(int cycle, double fraction) {
            crashAt = cycle;
            crashFraction = fraction;
            return this;
        }

        /**
         * At the end of every cycle, {@code round(fraction x alive)} alive peers chosen at random crash, and as
         * many new peers join, each under a new address with a first view holding one random surviving peer.
         *
         * @param fraction in [0, 0.5]
         * @return this
         */
        public Builder churn(double fraction) {
            churn = fraction;
            return this;
        }

        /** @param s seed @return this */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** @param i how the first views are filled @return this */
        public Builder initialization(Initialization i) {
            initialization = i;
            return this;
        }

        /** @param m the modelling switches @return this */
        public Builder model(Model m) {
            model = m;
            return this;
        }

        /** @param t threads for a cycle's exchanges, 1 or 2 (more are not used) @return this */
        public Builder threads(int t) {
            threads = t;
            return this;
        }

        /** @return the validated configuration */
        public SimulationConfig build() {
            if (nodes < 2) {
                throw new IllegalArgumentException("nodes must be at least 2, was " + nodes);
            }
            if (protocol == null || initialization == null || model == null) {
                throw new IllegalArgumentException("protocol, initialization and model must be set");
            }
            if (threads < 1 || threads > 2) {
                throw new IllegalArgumentException("threads must be 1 or 2, was " + threads);
            }
            if (cycles < 1) {
                throw new IllegalArgumentException("cycles must be at least 1, was " + cycles);
            }
            if (crashAt != -1 && (crashAt < 1 || crashAt > cycles)) {
                throw new IllegalArgumentException("crash cycle must be in [1, " + cycles + "], was " + crashAt);
            }
            if (!(crashFraction >= 0 && crashFraction <= 1)) {
                throw new IllegalArgumentException("crash fraction must be in [0, 1], was " + crashFraction);
            }
            if (!(churn >= 0 && churn <= 0.5)) {
                throw new IllegalArgumentException("churn must be in [0, 0.5], was " + churn);
            }
            if ((long) cycles * (long) Math.ceil(churn * nodes) > Integer.MAX_VALUE - nodes) {
                throw new IllegalArgumentException("churn over " + cycles + " cycles needs more addresses than an int holds");
            }
            return new SimulationConfig(this);
        }
    }
}
