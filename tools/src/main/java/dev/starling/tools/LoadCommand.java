package dev.starling.tools;

import dev.starling.runtime.IdleMode;
import dev.starling.federation.EngineKind;
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
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code starling load}: fills a persisted RING data directory with a social graph and seed
 * messages, and leaves a manifest beside the stores for {@code bench --data}.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Fills a persisted RING data directory with a social graph.",
                "",
                "Registers the users of a graph (user u<i> on instance i mod N; instances",
                "are named i0.starling, i1.starling, ...), makes every follow, has every",
                "user send M messages, waits for the fan-out to drain and closes the",
                "stores. A manifest, DIR/" + LoadManifest.FILE_NAME + ", records the",
                "graph, instances, shards and user naming, so that 'starling bench --data",
                "DIR' can log the users in (RING) or load the same data into memory",
                "(CENTRALIZED). DIR must be new or empty; a failed load removes what it",
                "wrote. Progress bars per phase; the rate is printed at the end.",
                "",
                "Graph files (--graph FILE): edge lists as SNAP, KONECT, Network",
                "Repository, MatrixMarket (.mtx) and CSV exports publish them; plain,",
                ".gz, .bz2, .zip, .tar(.gz|.bz2); UTF-8 or UTF-16 with a byte-order mark.",
                "Undirected by default (each edge two follows); --directed makes each",
                "line one follow. Skipped: comments, a header line, a MatrixMarket size",
                "line. Dropped: self-loops, repeated edges, columns after the second.",
                "Renumbered: ids that are not exactly 0..n-1 (a 1-based file's node k is",
                "u<k-1>; names in order of appearance), every user's id in",
                "DIR/" + LoadManifest.IDS_FILE_NAME + ". The summary and the manifest count each, with",
                "its first line; any other line is refused with its number.",
                "",
                "Examples:",
                "  starling load --data /tmp/fb \\",
                "      --graph ../shared/data/social-graphs/ego-facebook.edges",
                "  starling load --data /tmp/tw --graph out.twitter.bz2 --directed",
                "  starling load --data /tmp/pl --users 100000 --follows-mean 20",
                ""})
public final class LoadCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Data directory to create and fill (new or empty).")
    Path data;

    @Option(names = "--instances", defaultValue = "1", paramLabel = "N",
            description = "Instances (domains) the users are spread over (default: ${DEFAULT-VALUE}); follows cross"
                    + " instances as --remote-fraction says.")
    int instances;

    @Mixin
    GraphOptions graphOptions;

    @Option(names = "--shards", defaultValue = "4", paramLabel = "S", description = "Shards per instance, fixed for the life of DIR (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--threads", paramLabel = "T", description = "Engine threads while loading (default: min(2, cores)).")
    Integer threads;

    @Option(names = "--engine", defaultValue = "ring", paramLabel = "ring",
            description = "Engine whose stores are written; only ring persists (centralized keeps everything on the heap).")
    String engine;

    @Option(names = "--idle", defaultValue = "PARK", description = "Engine idle strategy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    IdleMode idle;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        GraphSpec spec;
        try {
            if (!engine.equalsIgnoreCase("ring")) {
                throw new IllegalArgumentException("--engine must be ring: only the RING engine persists a data directory;"
                        + " 'bench --engine centralized --data DIR' loads the same graph into memory itself");
            }
            if (instances < 1) {
                throw new IllegalArgumentException("--instances must be at least 1, got " + instances);
            }
            spec = graphOptions.spec();
            LoadManifest.checkLoadable(data);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("load: " + e.getMessage());
            return 2;
        }
        int engineThreads = Cli.threadsOrDefault(threads);
        boolean existed = Files.exists(data);
        long started = System.nanoTime();
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
            System.err.println("load: " + e.getMessage());
            return 2;
        }
        Placement placement = Placement.generated(instances);
        int messages = graphOptions.messagesPerUser();
        Path idFile = data.resolve(LoadManifest.IDS_FILE_NAME);
        out.printf("Loading %s into %s:%n", spec.describe(), data);
        if (report != null) {
            report.summary(idFile).forEach(line -> out.println("  " + line));
        }
        int maxFollowers = graph.maxFollowers();
        out.printf("  %,d users, %,d follows (max %,d followers of one user, %.1f%% across instances),"
                        + " %d messages each;%n  RING %d instance(s) %s, %d shards each, %d engine thread(s).%n",
                graph.users(), graph.edges(), maxFollowers,
                100 * graph.remoteShare(instances), messages, instances, placement.domains(), shards, engineThreads);
        LoadManifest manifest = new LoadManifest(spec, placement.domains(), shards, messages, graph.users(),
                graph.edges(), false, 0, maxFollowers,
                report == null ? Map.of() : report.properties("", LoadManifest.IDS_FILE_NAME));
        DeploymentSpec deploymentSpec = new DeploymentSpec(EngineKind.RING, placement, engineThreads, shards, idle, data);
        try {
            manifest.write(data);
            if (report != null && report.ids().renumbered()) {
                report.ids().write(idFile);
            }
            try (LoadedDeployment loaded = LoadedDeployment.load(deploymentSpec, graph, messages, out)) {
                out.printf("  %d engine thread(s) ran; closing the stores...%n", loaded.deployment().threads());
            }
        } catch (RuntimeException e) {
            System.err.println("load: " + Cli.describe(e));
            removePartialLoad(existed);
            return 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        manifest.completed(seconds).write(data);
        long requests = graph.users() + graph.edges() + (long) graph.users() * messages;
        out.printf("Loaded %,d users, %,d follows and %,d messages into %s in %.1f s: %,.0f requests/s.%n",
                graph.users(), graph.edges(), (long) graph.users() * messages, data, seconds, requests / seconds);
        out.printf("Benchmark it with: ./starling bench --data %s --duration 10%n", data);
        return 0;
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
