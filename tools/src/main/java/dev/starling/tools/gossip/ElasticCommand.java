package dev.starling.tools.gossip;

import dev.starling.runtime.ThreadAffinity;
import dev.starling.sampling.bootstrap.Topology;
import dev.starling.sampling.scenario.ElasticConfig;
import dev.starling.sampling.scenario.ElasticExperiment;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code starling gossip elastic}: the course's elastic scenario, healer and swapper, on the agent runtime. */
@Command(name = "elastic", mixinStandardHelpOptions = true,
        header = "Runs the course's elastic scenario, healer and swapper side by side, in real time on Agrona agents.",
        description = {"Runs the course's elastic scenario in real time on Agrona agents, twice at the same time: "
                + "healer (H=4,S=3) and swapper (H=3,S=4), pushpull, rand, c=7.",
                "Timeline (scaled to --cycles; shown for 180): 40%% start at cycle 0 from the bootstrap tree, 20%% more "
                        + "join every 30 cycles, 60%% crash at 120, 60%% of those come back at 150 knowing one alive peer, "
                        + "stop at 180.",
                "Writes DIR/healer/views.csv, DIR/healer/events.csv, DIR/healer/stats.csv, the same under "
                        + "DIR/swapper/, and "
                        + "DIR/indegree-boxplot.png. stats.csv is numbered as 'gossip simulate' numbers it: row k (column "
                        + "cycle) is the overlay after k cycles, each peer's view logged at its turn in cycle k before its "
                        + "own exchange, so K cycles give rows 0 to K. The box plot's box k (every K/9 cycles) is row k. "
                        + "Takes (cycles + 1) x cycle-ms (9 minutes with the defaults).",
                "Who is alive at cycle k comes from events.csv (start, join, crash, recover), never from missing "
                        + "view rows; stats.csv's last column 'late' counts alive peers whose log of that cycle came "
                        + "late or not at all (a starved agent), and the run ends with a warning when any did."})
public final class ElasticCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing).")
    Path out;

    @Option(names = "--peers", defaultValue = "128", paramLabel = "N", description = "Number of peers, at least 5. Default: ${DEFAULT-VALUE}.")
    int peers;

    @Option(names = "--cycles", defaultValue = "180", paramLabel = "K",
            description = "Cycles to run, at least 6; the timeline scales with it. Default: ${DEFAULT-VALUE}.")
    int cycles;

    @Option(names = "--cycle-ms", defaultValue = "3000", paramLabel = "MS",
            description = "Cycle period in milliseconds, at least 2 (the course uses 3 s). Default: ${DEFAULT-VALUE}.")
    long cycleMs;

    @Option(names = "--agents", defaultValue = "1", paramLabel = "N",
            description = "Agent threads hosting the peers of each run. Default: ${DEFAULT-VALUE}.")
    int agents;

    @Option(names = "--bootstrap", defaultValue = "tree", paramLabel = "tree|list",
            description = "Bootstrap structure: balanced binary tree or doubly linked list. Default: ${DEFAULT-VALUE}.")
    String bootstrap;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the scenario's random choices. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--affinity", defaultValue = "none", paramLabel = "none|auto|LIST",
            description = "Pins the agent threads of both runs: none, auto (free CPUs from OpenHFT "
                    + "affinity) or a CPU list such as 0,1 or 2-5. Threads without a CPU run unpinned and say so. "
                    + "Default: ${DEFAULT-VALUE}.")
    String affinity;

    @Override
    public Integer call() throws Exception {
        checkBeforeWork();
        ElasticConfig config;
        try {
            config = ElasticConfig.builder().peers(peers).cycles(cycles).cyclePeriodMs(cycleMs).agents(agents)
                    .topology(Topology.parse(bootstrap)).seed(seed)
                    .threadFactory(ThreadAffinity.parse(affinity).newPinning("gossip").threadFactory()).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        System.err.printf(Locale.ROOT, "elastic scenario: %d peers, %d cycles of %d ms (about %.0f s)%n",
                peers, cycles, cycleMs, (cycles + 1) * cycleMs / 1000.0);
        long start = System.nanoTime();
        new ElasticExperiment(config).run(out, System.err);
        System.out.printf(Locale.ROOT, "wrote %s in %.1f s%n", out, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** The numbers and every output, each against its range, before the first cycle (a run takes minutes). */
    private void checkBeforeWork() {
        Checks.range(spec, "--peers", peers, 5, 1_000_000);
        Checks.range(spec, "--cycles", cycles, 6, 1_000_000);
        Checks.range(spec, "--cycle-ms", cycleMs, 2, 3_600_000);
        Checks.range(spec, "--agents", agents, 1, 1_024);
        Outputs.directory(spec, "--out", out);
        for (String run : new String[] {"healer", "swapper"}) {
            Outputs.file(spec, "--out", out.resolve(run).resolve("views.csv"));
            Outputs.file(spec, "--out", out.resolve(run).resolve("stats.csv"));
        }
        Outputs.file(spec, "--out", out.resolve("indegree-boxplot.png"));
    }
}
