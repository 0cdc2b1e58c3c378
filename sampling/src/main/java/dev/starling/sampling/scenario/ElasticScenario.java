package dev.starling.sampling.scenario;

import dev.starling.sampling.bootstrap.BootstrapServer;
import dev.starling.sampling.protocol.ProtocolConfig;
import dev.starling.sampling.runtime.ManualClock;
import dev.starling.sampling.runtime.PeerRuntime;
import dev.starling.sampling.runtime.RuntimeContext;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The course's elastic scenario on the agent runtime (timeline of {@link ElasticConfig}, 180 cycles shown):
 * cycle 0, 40% of the peers are added to the bootstrap server and then start with its neighbours as views;
 * every 30 cycles 20% more join through the server until all are in; cycle 120, 60% crash at random;
 * cycle 150, one alive peer P is chosen and 60% of the crashed come back with a view holding P alone;
 * cycle 180, the peers log their views once more (after 180 cycles of exchanges) and the run stops. Peers
 * {@code 0..n-1} join in address order.
 *
 * <p>Each peer logs its view at its turn in every cycle, just before its own exchange: the log of cycle
 * k is the view after k of its own exchanges (plus those other peers started with it earlier in cycle
 * k), so the log holds cycles 0 to {@code cycles}, as the simulator's rows do.
 */
public final class ElasticScenario {
    private final ElasticConfig config;
    private final ProtocolConfig protocol;
    private final String name;
    private final List<ScenarioEvent> events = new ArrayList<>();

    /**
     * @param config   the scenario
     * @param protocol the protocol every peer runs
     * @param name     label of progress lines
     */
    public ElasticScenario(ElasticConfig config, ProtocolConfig protocol, String name) {
        this.config = config;
        this.protocol = protocol;
        this.name = name;
    }

    /**
     * Runs the scenario in real time (cycles x period) and returns the log.
     *
     * @param log progress lines
     * @return every alive peer's view at every cycle
     * @throws InterruptedException if interrupted
     */
    public ViewLog run(PrintStream log) throws InterruptedException {
        int n = config.peers();
        ViewLog views = new ViewLog(config.cycles() + 1);
        SplittableRandom rng = new SplittableRandom(config.seed());
        BootstrapServer server = BootstrapServer.create(config.topology());
        long period = config.cyclePeriodMs();
        RuntimeContext ctx = new RuntimeContext().agents(config.agents()).maxPeers(n).cyclePeriodMs(period)
                .protocol(protocol).seed(config.seed()).viewListener(views).threadFactory(config.threadFactory())
                .idleStrategy(() -> period >= 1000 ? new SleepingMillisIdleStrategy(1)
                        : new BackoffIdleStrategy(10, 10, 10_000, TimeUnit.MILLISECONDS.toNanos(1)))
                .errorHandler(t -> log.println(name + ": caught in an agent: " + t))
                .faultInjector(config.faults());
        if (config.stepped()) {
            ctx.clock(new ManualClock());
        }
        try (PeerRuntime runtime = new PeerRuntime(ctx)) {
            runtime.start();
            int joined = (int) Math.round(ElasticConfig.INITIAL * n);
            for (int p = 0; p < joined; p++) {
                server.add(p);
            }
            for (int p = 0; p < joined; p++) {
                int[] first = server.getNeighbors(p);
                runtime.startPeer(p, first);
                event(0, ScenarioEvent.Kind.START, p, first);
            }
            log.printf("%s: cycle 0, %d peers start from the bootstrap %s%n", name, joined,
                    config.topology().name().toLowerCase());
            int batch = (int) Math.round(ElasticConfig.JOIN * n);
            for (int k = config.joinEvery(); joined < n && k < config.crashAt(); k += config.joinEvery()) {
                await(runtime, k, log);
                int upTo = Math.min(n, joined + batch);
                for (int p = joined; p < upTo; p++) {
                    server.add(p);
                    int[] first = server.getNeighbors(p);
                    runtime.startPeer(p, first);
                    event(k, ScenarioEvent.Kind.JOIN, p, first);
                }
                log.printf("%s: cycle %d, peers %d..%d join (%d in)%n", name, k, joined, upTo - 1, upTo);
                joined = upTo;
            }

            await(runtime, config.crashAt(), log);
            List<Integer> alive = new ArrayList<>();
            for (int p = 0; p < joined; p++) {
                alive.add(p);
            }
            List<Integer> crashed = pick(alive, (int) Math.round(ElasticConfig.CRASH * joined), rng);
            for (int p : crashed) {
                runtime.crashPeer(p);
                event(config.crashAt(), ScenarioEvent.Kind.CRASH, p, new int[0]);
            }
            log.printf("%s: cycle %d, %d peers crash%n", name, config.crashAt(), crashed.size());

            await(runtime, config.recoverAt(), log);
            alive.removeAll(crashed);
            int contact = alive.get(rng.nextInt(alive.size()));
            List<Integer> back = pick(crashed, (int) Math.round(ElasticConfig.RECOVER * crashed.size()), rng);
            for (int p : back) {
                runtime.startPeer(p, new int[] {contact});
                event(config.recoverAt(), ScenarioEvent.Kind.RECOVER, p, new int[] {contact});
            }
            log.printf("%s: cycle %d, %d crashed peers come back knowing only peer %d%n",
                    name, config.recoverAt(), back.size(), contact);

            // every peer logs cycle K at its turn in it, so the run stops once cycle K is over
            await(runtime, config.cycles() + 1, log);
            // let the last cycle's late timers log before stopping
            runtime.pause(Math.min(period / 4, 200));
            log.printf("%s: cycle %d logged, stop (%d exchanges, %d timeouts, %d dropped, %d errors)%n", name,
                    config.cycles(), runtime.exchanges(), runtime.timeouts(), runtime.dropped(), runtime.errors());
        }
        return views;
    }

    private void event(int cycle, ScenarioEvent.Kind kind, int peer, int[] view) {
        synchronized (events) {
            events.add(new ScenarioEvent(cycle, kind, peer, view.clone()));
        }
    }

    /** @return the scenario's own event log so far: who started, joined, crashed and came back, and when */
    public List<ScenarioEvent> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    private void await(PeerRuntime runtime, int cycle, PrintStream log) throws InterruptedException {
        int step = Math.max(1, config.cycles() / 18);
        for (long k = runtime.currentCycle() + 1; k < cycle; k++) {
            runtime.awaitCycle(k);
            if (k % step == 0 && config.cyclePeriodMs() >= 500) {
                log.printf("%s: cycle %d/%d%n", name, k, config.cycles());
            }
        }
        runtime.awaitCycle(cycle);
    }

    private static List<Integer> pick(List<Integer> from, int count, SplittableRandom rng) {
        List<Integer> pool = new ArrayList<>(from);
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(pool.size() - i);
            Integer t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        return new ArrayList<>(pool.subList(0, count));
    }
}
