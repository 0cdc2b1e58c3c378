package dev.starling.tools;

import dev.starling.federation.EngineKind;
import dev.starling.engine.store.Ids;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.ConnectOption;
import dev.starling.tools.cli.EngineOptions;
import dev.starling.tools.cli.Outputs;
import dev.starling.tools.cli.QuietOption;
import dev.starling.tools.workload.DeploymentSpec;
import dev.starling.tools.workload.EdgeList;
import dev.starling.tools.workload.GraphSpec;
import dev.starling.tools.workload.LoadManifest;
import dev.starling.tools.workload.LoadedDeployment;
import dev.starling.tools.workload.Placement;
import dev.starling.tools.workload.SocialGraph;
import org.agrona.IoUtil;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code starling load}: fills a persisted RING data directory with a social graph and seed
 * messages, and leaves a manifest beside the stores for {@code bench --data}.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Fills a persisted RING data directory with a social graph.",
        description = {
                "Registers the users of a graph (user u<i> on instance i mod N; instances are named i0.starling,"
                        + " i1.starling, ...), makes every follow, has every user send M messages, waits for the"
                        + " fan-out to drain and closes the stores. A manifest, DIR/" + LoadManifest.FILE_NAME
                        + ", records the graph, instances, shards and user naming, so that 'starling bench --data DIR'"
                        + " can log the users in (RING) or load the same data into memory (CENTRALIZED). DIR must be"
                        + " new or empty; a failed or interrupted load (SIGTERM, Ctrl-C) removes what it wrote."
                        + " Progress per phase; the rate is printed at the end.",
                "",
                "Served: --connect DOMAIN=HOST:PORT,... loads the graph instead into the instances of serve"
                        + " processes ('starling serve', started on empty data directories), through the network; user u<i>"
                        + " lives on the i mod N-th domain named. Their stores hold the load; DIR receives only the"
                        + " manifest, for 'bench --data DIR --connect ...'. Or load here and serve DIR itself:"
                        + " 'serve --data DIR --domain i0.starling'.",
                "",
                "DIR gets a .gitignore that ignores it whole, so a directory made inside a git work tree (such as"
                        + " this repository's) stays out of 'git status'; data/ and out/ at the repository's root are"
                        + " ignored anyway.",
                "",
                "Graph files (--graph FILE): edge lists as SNAP, KONECT, Network Repository, MatrixMarket (.mtx) and"
                        + " CSV exports publish them; plain, gzip, bzip2, zip or tar (plain, gzip or bzip2); UTF-8 or UTF-16 with a"
                        + " byte-order mark. Undirected by default (each edge two follows); --directed makes each"
                        + " line one follow. Skipped: comments, a header line, a MatrixMarket size line. Dropped:"
                        + " self-loops, repeated edges, columns after the second. Renumbered: ids that are not exactly"
                        + " 0..n-1 (a 1-based file's node k is u<k-1>; names in order of appearance), every user's id"
                        + " in DIR/" + LoadManifest.IDS_FILE_NAME + ". The summary and the manifest count each, with"
                        + " its first line; any other line is refused with its number.",
                "",
                "Examples:",
                "  starling load --data /tmp/fb \\",
                "      --graph ../shared/data/social-graphs/ego-facebook.edges",
                "  starling load --data /tmp/tw --graph out.twitter.bz2 --directed",
                "  starling load --data /tmp/pl --users 100000 --follows-mean 20",
                ""})
public final class LoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Data directory to create and fill (new or empty); with --connect it receives only the manifest"
                    + " that 'bench --data DIR --connect ...' reads.")
    Path data;

    @Option(names = "--instances", defaultValue = "1", paramLabel = "N",
            description = "Instances (domains) the users are spread over, 1 to " + Ids.MAX_INSTANCES
                    + " (default: ${DEFAULT-VALUE}); follows cross instances as --remote-fraction says.")
    int instances;

    @Mixin
    GraphOptions graphOptions;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--engine", defaultValue = "ring", paramLabel = "ring",
            description = "Engine whose stores are written; only ring persists (centralized keeps everything on the heap).")
    String engine;

    @Mixin
    QuietOption quiet;

    @Mixin
    ConnectOption connect;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        boolean existed = Files.exists(data);
        GraphSpec spec = check();
        int engineThreads = engineOptions.threads();
        int shards = engineOptions.shards();
        long started = System.nanoTime();
        Thread removeOnExit = new Thread(() -> removePartialLoad(existed), "starling-load-remove-partial");
        Runtime.getRuntime().addShutdownHook(removeOnExit); // an interrupted load leaves nothing behind either
        SocialGraph graph;
        EdgeList.Report report = null;
        try {
            if (spec.isFile()) {
                EdgeList.Loaded loaded = spec.readFile();
                graph = loaded.graph();
                report = loaded.report();
            } else {
                graph = spec.build(instances);
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            forget(removeOnExit);
            removePartialLoad(existed);
            throw Checks.fail(this.spec, e.getMessage());
        }
        Placement placement = connect.given() ? new Placement(List.copyOf(connect.endpoints().keySet()))
                : Placement.generated(instances);
        int messages = graphOptions.messagesPerUser();
        Path idFile = data.resolve(LoadManifest.IDS_FILE_NAME);
        out.printf("Loading %s into %s:%n", spec.describe(), data);
        if (report != null) {
            report.summary(idFile).forEach(line -> out.println("  " + line));
        }
        int maxFollowers = graph.maxFollowers();
        out.printf("  %,d users, %,d follows (max %,d followers of one user, %.1f%% across instances),"
                        + " %d messages each;%n", graph.users(), graph.edges(), maxFollowers,
                100 * graph.remoteShare(placement.instances()), messages);
        DeploymentSpec deploymentSpec = connect.given() ? DeploymentSpec.connected(connect.endpoints(), connect.aeronDirectory())
                : new DeploymentSpec(EngineKind.RING, placement, engineThreads, shards, engineOptions.idle(), data,
                engineOptions.affinity());
        out.println(connect.given() ? "  " + deploymentSpec.describe() + "; " + data + " receives the manifest only."
                : String.format(Locale.ROOT, "  RING %d instance(s) %s, %d shards each, %d engine thread(s).",
                instances, placement.domains(), shards, engineThreads));
        LoadManifest manifest = new LoadManifest(spec, placement.domains(), shards, messages, graph.users(),
                graph.edges(), false, 0, maxFollowers,
                report == null ? Map.of() : report.properties("", LoadManifest.IDS_FILE_NAME), deploymentSpec.connect());
        try {
            ignoreInGit(data);
            manifest.write(data);
            if (report != null && report.ids().renumbered()) {
                report.ids().write(idFile);
            }
            try (LoadedDeployment loaded = LoadedDeployment.load(deploymentSpec, graph, messages, out)) {
                if (!connect.given()) {
                    out.printf("  %d engine thread(s) ran; closing the stores...%n", loaded.deployment().threads());
                }
            }
        } catch (RuntimeException e) {
            forget(removeOnExit);
            System.err.println("load: " + Cli.describe(e));
            removePartialLoad(existed);
            return 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        manifest.completed(seconds).write(data);
        forget(removeOnExit);
        long requests = graph.users() + graph.edges() + (long) graph.users() * messages;
        out.printf("Loaded %,d users, %,d follows and %,d messages into %s in %.1f s: %,.0f requests/s.%n",
                graph.users(), graph.edges(), (long) graph.users() * messages, data, seconds, requests / seconds);
        out.printf("Benchmark it with: ./starling bench --data %s%s --duration 10%n", data,
                connect.given() ? " --connect " + connect.argument() : "");
        return 0;
    }

    /** Every option and the directory, before any work; returns the graph to load. */
    private GraphSpec check() {
        engineOptions.check(spec);
        if (!engine.equalsIgnoreCase("ring")) {
            throw Checks.fail(spec, "--engine must be ring: only the RING engine persists a data directory;"
                    + " 'bench --engine centralized --data DIR' loads the same graph into memory itself");
        }
        Checks.range(spec, "--instances", instances, 1, Ids.MAX_INSTANCES);
        connect.check(spec);
        Checks.require(spec, !connect.given() || !spec.commandLine().getParseResult().hasMatchedOption("--instances"),
                "--instances and --connect: the instances are the --connect domains; leave out --instances");
        GraphSpec graph;
        try {
            graph = graphOptions.spec();
            LoadManifest.checkLoadable(data);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw Checks.fail(spec, e.getMessage());
        }
        boolean existed = Files.exists(data);
        Outputs.directory(spec, "--data", data);
        if (!graph.isFile() && !connect.given()) {
            long users = graph.users();
            try {
                Cli.checkSize(spec, "--users", users, users * graph.followsMean(), graphOptions.messagesPerUser(),
                        new DeploymentSpec(EngineKind.RING, Placement.generated(instances), engineOptions.threads(),
                                engineOptions.shards(), engineOptions.idle(), data));
            } catch (RuntimeException e) {
                if (!existed) {
                    IoUtil.delete(data.toFile(), true);
                }
                throw e;
            }
        }
        return graph;
    }

    /** A data directory made inside a git work tree stays out of 'git status'. */
    private static void ignoreInGit(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(".gitignore"), "# a Starling data directory (starling load): not sources\n*\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void forget(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the process is already ending: the hook runs
        }
    }

    /** A load that failed leaves nothing behind: the directory was new or empty when it began. */
    private void removePartialLoad(boolean existed) {
        if (existed) {
            try (var entries = Files.list(data)) {
                entries.forEach(p -> IoUtil.delete(p.toFile(), true));
            } catch (java.io.IOException e) {
                System.err.println("load: could not clean " + data + ": " + e.getMessage());
                return;
            }
        } else {
            IoUtil.delete(data.toFile(), true);
        }
        System.err.println("load: removed the partial load from " + data);
    }
}
