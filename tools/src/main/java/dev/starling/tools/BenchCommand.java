package dev.starling.tools;

import dev.starling.spi.InstanceStats;
import dev.starling.spi.RequestType;
import dev.starling.spi.StoreUsage;
import dev.starling.spi.BroadcastLatency;
import dev.starling.federation.DeploymentMetrics;
import dev.starling.federation.EngineKind;
import dev.starling.engine.store.Ids;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.ConnectOption;
import dev.starling.tools.cli.DurationConverter;
import dev.starling.tools.cli.EngineOptions;
import dev.starling.tools.cli.Outputs;
import dev.starling.tools.cli.QuietOption;
import dev.starling.tools.cli.RunTimeOptions;
import dev.starling.tools.workload.Capacity;
import dev.starling.tools.workload.DeploymentSpec;
import dev.starling.tools.workload.EdgeList;
import dev.starling.tools.workload.GraphSpec;
import dev.starling.tools.workload.IntervalLog;
import dev.starling.tools.workload.LoadManifest;
import dev.starling.tools.workload.LoadedDeployment;
import dev.starling.tools.workload.MetricsSampler;
import dev.starling.tools.workload.Mix;
import dev.starling.tools.workload.Placement;
import dev.starling.tools.workload.ResultCsv;
import dev.starling.tools.workload.ResultTable;
import dev.starling.tools.workload.RunInfo;
import dev.starling.tools.workload.RunObserver;
import dev.starling.tools.workload.SocialGraph;
import dev.starling.tools.workload.WorkloadResult;
import dev.starling.tools.workload.WorkloadRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code starling bench}: one workload on one deployment, either a finished load ({@code --data})
 * or a graph loaded into a fresh in-process deployment, with client-side latencies per operation,
 * the engine's own counters, an HdrHistogram log and a CSV row per operation.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Runs a request mix against one deployment and measures it.",
        description = {
                "Prints, per operation, throughput and p50/p90/p99/p99.9/max latency (client-side wall clock,"
                        + " HdrHistogram), then the engine's counters (requests answered, ring backlog sampled every"
                        + " 250 ms while measuring).",
                "",
                "Data: --data DIR uses a finished 'starling load'. RING reopens DIR's stores and logs the users in"
                        + " (the messages the benchmark sends stay in DIR). CENTRALIZED keeps everything on the heap"
                        + " and REDIS in a fresh Redis server, so each rebuilds the graph from DIR's manifest (the powerlaw parameters or the edge-list"
                        + " file) and loads it into memory itself. The users and follows printed are the manifest's;"
                        + " when the edge-list file has moved since the load, RING still runs (profiles then picked"
                        + " uniformly) and CENTRALIZED and REDIS refuse. Without --data, the graph options describe a graph"
                        + " loaded into a fresh deployment (temporary directory) first; a FILE's reading is summarised.",
                "",
                "Served: --connect DOMAIN=HOST:PORT,... runs the workload against instances of serve processes"
                        + " ('starling serve'), through the network. With --data DIR it logs in the users of a load they hold:"
                        + " one made by 'load --connect' (DIR holds its manifest), or a 'load --data DIR' that a"
                        + " 'serve --data DIR --domain i0.starling ...' reopened. Without --data the graph is loaded"
                        + " into them first (serve empty data directories).",
                "",
                "Load: --clients closed-loop clients, each with one request outstanding. With --rate R they run open"
                        + " loop (as wrk2): R requests/s in all on a fixed schedule, each latency measured from the"
                        + " request's intended start, so a stall counts against every request it delayed (no"
                        + " coordinated omission); above what the engine sustains, latencies grow over the run.",
                "",
                "Examples:",
                "  starling bench --users 10000 --threads 2 --clients 64 --duration 10s",
                "  starling bench --data /tmp/fb --mix 90:5:5 --hlog fb.hlog --csv fb.csv",
                "  starling bench --data /tmp/fb --engine centralized --rate 20000",
                ""})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "A directory filled by 'starling load' (instead of the graph options).")
    Path data;

    @Mixin
    GraphOptions graphOptions;

    @Option(names = "--instances", paramLabel = "N",
            description = "Instances, without --data, 1 to " + Ids.MAX_INSTANCES + " (default: 1; with --data: the load's).")
    Integer instances;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--engine", defaultValue = "RING", paramLabel = "ring|centralized|redis",
            description = "Engine (default: ring); redis: Mastodon's home-feed design on a private redis-server (or --redis-uri).")
    EngineKind engine;

    @Option(names = "--clients", defaultValue = "64", paramLabel = "C", description = "Concurrent clients, 1 to 100,000 (default: ${DEFAULT-VALUE}).")
    int clients;

    @Mixin
    RunTimeOptions times;

    @Option(names = "--mix", defaultValue = "60:30:10", paramLabel = "T:P:S", description = "timeline:profile:send weights (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--rate", paramLabel = "R", description = "Open loop at R requests/s over all clients (default: closed loop).")
    Double rate;

    @Option(names = "--senders", split = ",", paramLabel = "I,...",
            description = "Every send is made by one of these users (u<I>), e.g. 80 on ego-facebook.edges: its 1,045"
                    + " followers make it the fan-out worst case. Reads stay spread over all users. Users are numbered"
                    + " as the load said (a file's renumbered ids: DIR/" + LoadManifest.IDS_FILE_NAME + ").")
    int[] senders;

    @Option(names = "--limit", defaultValue = "50", paramLabel = "L", description = "Messages per timeline or profile read, 1 to 10,000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--hlog", paramLabel = "FILE",
            description = "Write an HdrHistogram interval log, in ns: every second, one untagged histogram of all"
                    + " operations (what HistogramLogProcessor reads without -tag) and one per operation, tagged"
                    + " timeline, profile or send (HistogramLogProcessor -tag send).")
    Path hlog;

    @Option(names = "--csv", paramLabel = "FILE", description = "Append a row per operation (and 'all') to this CSV; created with a header if new.")
    Path csv;

    @Mixin
    QuietOption quiet;

    @Mixin
    ConnectOption connect;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Mix requestMix = check();
        Setup setup;
        try {
            setup = data != null ? fromData(out) : fromOptions(out);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw Checks.fail(spec, e.getMessage());
        }
        out.printf("Starling bench: %s; %,d users, %,d follows (%s);%n"
                        + "  %s;%n  mix timeline:profile:send = %s, %d %s clients, reads of %d, %s warm-up + %s measured.%n",
                setup.source, setup.graph.users(), setup.follows, setup.maxFollowers < 0 ? "max followers of one user not recorded"
                        : String.format(Locale.ROOT, "max %,d followers of one user", setup.maxFollowers),
                setup.spec.describe(), requestMix, clients,
                rate == null ? "closed-loop" : String.format(Locale.ROOT, "open-loop (%,.0f requests/s in all)", rate),
                limit, DurationConverter.format(times.warmup()), DurationConverter.format(times.duration()));
        try (ResultCsv table = csv == null ? null : ResultCsv.open(csv);
             LoadedDeployment loaded = setup.open(out)) {
            WorkloadRunner runner = loaded.runner(requestMix, clients, limit, graphOptions.seed());
            if (rate != null) {
                runner = runner.openLoop(rate);
            }
            if (senders != null) {
                runner = runner.sendersOnly(senders);
                int[] followers = setup.graphKnown ? setup.graph.followerCounts() : null;
                out.println("  sends only by " + java.util.Arrays.stream(senders)
                        .mapToObj(u -> "u" + u + (followers == null ? " (followers unknown: the graph file is gone)"
                                : " (" + followers[u] + " followers)")).toList());
            }
            MetricsSampler metrics = new MetricsSampler(loaded.deployment());
            RunObserver observer = metrics;
            IntervalLog log = hlog == null ? null
                    : new IntervalLog(hlog, requestMix.operations(), "starling bench " + setup.spec.describe()
                    + ", mix " + requestMix + ", " + clients + " clients" + (rate == null ? "" : ", rate " + rate));
            if (log != null) {
                observer = observer.and(log);
            }
            String label = setup.spec.label();
            WorkloadResult result;
            try {
                result = runner.run(label, times.warmup(), times.duration(), out, observer);
            } finally {
                if (log != null) {
                    log.close();
                }
            }
            metrics.finish();
            out.println();
            ResultTable.print(out, List.of(result));
            out.println();
            printEngineMetrics(out, metrics);
            if (table != null) {
                table.write(runInfo(setup, loaded, requestMix), result, metrics);
                out.println("CSV rows appended to " + csv);
            }
            if (hlog != null) {
                out.println("HdrHistogram interval log written to " + hlog + " (untagged: all operations; tags: "
                        + requestMix.operations().stream().map(o -> o.label()).toList() + ")");
            }
        } catch (RuntimeException e) {
            System.err.println("bench: " + Cli.describe(e));
            return 1;
        }
        return 0;
    }

    /** Every option and output, before any work (and before the header); returns the parsed mix. */
    private Mix check() {
        engineOptions.check(spec);
        Checks.range(spec, "--clients", clients, 1, 100_000);
        Checks.positive(spec, "--duration", times.duration(), Duration.ofHours(24));
        Checks.range(spec, "--warmup", times.warmup(), Duration.ZERO, Duration.ofHours(1));
        Checks.range(spec, "--limit", limit, 1, 10_000);
        if (rate != null) {
            Checks.require(spec, rate > 0 && rate <= 1e9, "--rate must be above 0 and at most 1,000,000,000 requests/s,"
                    + " got " + rate);
        }
        if (instances != null) {
            Checks.range(spec, "--instances", instances, 1, Ids.MAX_INSTANCES);
        }
        connect.check(spec);
        if (connect.given()) {
            Checks.require(spec, instances == null, "--instances and --connect: the instances are the --connect domains;"
                    + " leave out --instances");
            Checks.require(spec, !spec.commandLine().getParseResult().hasMatchedOption("--engine"),
                    "--engine and --connect: served instances run the RING engine; leave out --engine");
        }
        if (senders != null) {
            for (int u : senders) {
                Checks.range(spec, "--senders", u, 0, Integer.MAX_VALUE - 1);
            }
        }
        Mix requestMix;
        try {
            requestMix = Mix.parse(mix);
        } catch (IllegalArgumentException e) {
            throw Checks.fail(spec, "--mix: " + e.getMessage());
        }
        if (csv != null) {
            Outputs.file(spec, "--csv", csv);
        }
        if (hlog != null) {
            Outputs.file(spec, "--hlog", hlog);
        }
        // last: the size check measures stores, so cheap refusals come first
        if (data != null) {
            Checks.require(spec, Files.exists(data), "--data " + data + " does not exist; fill it first with"
                    + " 'starling load --data " + data + " ...'");
            Checks.require(spec, Files.isDirectory(data), "--data " + data + " is a file; give a directory filled by"
                    + " 'starling load'");
        } else {
            GraphSpec graph;
            try {
                graph = graphOptions.spec();
            } catch (IllegalArgumentException e) {
                throw Checks.fail(spec, e.getMessage());
            }
            if (!graph.isFile() && !connect.given()) {
                long users = graph.users();
                Cli.checkSize(spec, "--users", users, users * graph.followsMean(), graphOptions.messagesPerUser(),
                        spec(engine, Placement.generated(instances == null ? 1 : instances), engineOptions.shards(), null));
            }
        }
        return requestMix;
    }

    /**
     * The one place that prints what the engine itself counts ({@link DeploymentMetrics}): per
     * instance, the requests answered while measuring and the backlogs. Extend it here when the
     * deployment's metrics grow (federation backlog and deliveries, broadcast latency, out-of-order
     * reads).
     *
     * @param out     where to print
     * @param metrics snapshots taken about every 250 ms while measuring, and one after the run
     */
    static void printEngineMetrics(PrintStream out, MetricsSampler metrics) {
        DeploymentMetrics first = metrics.first();
        DeploymentMetrics after = metrics.after();
        double seconds = Math.max(1e-3, metrics.seconds());
        out.printf("Engine counters (%s), answered while measuring (%.1f s), and backlogs sampled every 250 ms:%n",
                after.engine(), seconds);
        out.printf("%-22s %10s %10s %10s %10s %12s %12s %8s %10s %7s%n", "instance", "timeline", "profile", "send",
                "follow", "answers/s", "ring mean", "max", "shard q", "faults");
        for (Map.Entry<String, InstanceStats> e : after.instances().entrySet()) {
            String domain = e.getKey();
            InstanceStats end = e.getValue();
            InstanceStats start = first.instance(domain);
            long all = end.totalDone() - (start == null ? 0 : start.totalDone());
            List<InstanceStats> samples = metrics.samples().stream().map(m -> m.instance(domain))
                    .filter(java.util.Objects::nonNull).toList();
            out.printf("%-22s %,10d %,10d %,10d %,10d %,12.0f %12.1f %,8d %,10d %7d%n", domain,
                    delta(start, end, RequestType.TIMELINE), delta(start, end, RequestType.PROFILE),
                    delta(start, end, RequestType.SEND), delta(start, end, RequestType.FOLLOW), all / seconds,
                    samples.stream().mapToLong(InstanceStats::ringBacklog).average().orElse(0),
                    samples.stream().mapToLong(InstanceStats::ringBacklog).max().orElse(0),
                    samples.stream().mapToLong(InstanceStats::shardBacklog).max().orElse(0), end.faults());
        }
        out.printf("(ring: requests published and not yet handled, mean and max over %d samples; shard q: largest%n"
                + " backlog of work handed between shards, i.e. fan-outs and backfills; faults since start)%n",
                metrics.samples().size());
        if (after.instances().size() > 1) {
            out.printf("%n%-22s %12s %12s %10s %9s%n", "federation", "deliv. sent", "deliv. recv", "backlog max", "timeouts");
            for (Map.Entry<String, InstanceStats> e : after.instances().entrySet()) {
                String domain = e.getKey();
                InstanceStats end = e.getValue();
                InstanceStats start = first.instance(domain);
                out.printf("%-22s %,12d %,12d %,10d %9d%n", domain,
                        end.deliveriesSent() - (start == null ? 0 : start.deliveriesSent()),
                        end.deliveriesReceived() - (start == null ? 0 : start.deliveriesReceived()),
                        metrics.samples().stream().map(m -> m.instance(domain)).filter(java.util.Objects::nonNull)
                                .mapToLong(InstanceStats::federationBacklog).max().orElse(0),
                        end.remoteTimeouts());
            }
        }
        printStaleness(out, metrics);
        printFootprint(out, after);
    }

    /** The data directory's size on disk and what each store holds, summed over shards and instances. */
    static void printFootprint(PrintStream out, DeploymentMetrics after) {
        List<StoreUsage> totals = after.storeTotals();
        if (totals.isEmpty()) {
            return;
        }
        out.printf("%nStores after the run: data directory %s on disk%n", Capacity.size(after.dataDirectoryBytes()));
        out.printf("  %-16s %14s %12s %12s %14s%n", "store", "entries", "generations", "off-heap", "bytes/entry");
        for (StoreUsage u : totals) {
            out.printf("  %-16s %,14d %12d %12s %,14.0f%n", u.store(), u.entries(), u.generations(), Capacity.size(u.bytes()),
                    u.entries() == 0 ? 0.0 : (double) u.bytes() / u.entries());
        }
    }

    /** Broadcast latency of the sampled messages sent while measuring, and out-of-order timeline reads. */
    static void printStaleness(PrintStream out, MetricsSampler metrics) {
        DeploymentMetrics after = metrics.after();
        long reads = metrics.timelineReads();
        long late = metrics.outOfOrderReads();
        out.printf("%nStaleness: %,d of %,d timeline reads out of order (%.3f%%)%n", late, reads,
                reads == 0 ? 0.0 : 100.0 * late / reads);
        BroadcastLatency b = metrics.broadcast();
        if (b.sampledMessages() == 0) {
            out.println(after.engine() == dev.starling.federation.EngineKind.CENTRALIZED
                    ? "Broadcast latency: none (CENTRALIZED builds timelines at read time, never stale)"
                    : "Broadcast latency: no sampled message reached a follower while measuring");
            return;
        }
        out.printf("Broadcast latency, stamp -> follower's timeline, %,d messages sampled while measuring, read once all had landed (ms):%n", b.sampledMessages());
        printBroadcast(out, b);
        if (b.sampledMessages() >= BroadcastLatency.MAX_SAMPLED) {
            out.printf("  (the sampling cap of %,d messages was reached: messages sent after it are not in these rows)%n",
                    BroadcastLatency.MAX_SAMPLED);
        }
    }

    /** The four broadcast-latency rows: first and last follower, same and other instances. */
    public static void printBroadcast(PrintStream out, BroadcastLatency b) {
        out.printf("  %-32s %9s %9s %9s %9s %9s%n", "stamp -> timeline (ms)", "p50", "p90", "p99", "max", "samples");
        broadcastRow(out, "first follower, same instance", b.firstSameInstance());
        broadcastRow(out, "last follower, same instance", b.lastSameInstance());
        broadcastRow(out, "first follower, other instances", b.firstOtherInstance());
        broadcastRow(out, "last follower, other instances", b.lastOtherInstance());
    }

    private static void broadcastRow(PrintStream out, String label, org.HdrHistogram.Histogram h) {
        if (h.getTotalCount() == 0) {
            out.printf("  %-32s %9s%n", label, "none");
            return;
        }
        out.printf("  %-32s %9.3f %9.3f %9.3f %9.3f %,9d%n", label, h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3,
                h.getTotalCount());
    }

    private static long delta(InstanceStats start, InstanceStats end, RequestType type) {
        long before = start == null ? 0 : start.requestsDone().getOrDefault(type, 0L);
        return end.requestsDone().getOrDefault(type, 0L) - before;
    }

    /**
     * A deployment to open and the graph its clients use.
     *
     * @param graphKnown   false when the graph could not be rebuilt and {@code graph} holds the users alone
     * @param follows      follows in the deployment (from the manifest with --data)
     * @param maxFollowers the largest follower count of one user, -1 when unknown
     */
    private record Setup(String source, DeploymentSpec spec, SocialGraph graph, int messagesPerUser, boolean reopen,
                         boolean graphKnown, long follows, long maxFollowers) {
        LoadedDeployment open(PrintStream out) {
            return reopen ? LoadedDeployment.open(spec, graph, graph.users(), out)
                    : LoadedDeployment.load(spec, graph, messagesPerUser, out);
        }
    }

    private Setup fromData(PrintStream out) {
        if (graphOptions.anyGraphOptionGiven()) {
            throw new IllegalArgumentException("--data comes with its own graph: leave out --graph, --directed, --users,"
                    + " --follows-mean, --remote-fraction and --messages-per-user");
        }
        LoadManifest manifest = LoadManifest.read(data);
        if (instances != null && instances != manifest.domains().size()) {
            throw new IllegalArgumentException("--instances " + instances + " but " + data + " was loaded with "
                    + manifest.domains().size());
        }
        if (engineOptions.shardsGiven() && engineOptions.shards() != manifest.shards()) {
            throw new IllegalArgumentException("--shards " + engineOptions.shards() + " but " + data + " was loaded with "
                    + manifest.shards());
        }
        if (connect.given()) {
            return servedFromData(manifest, out);
        }
        if (!manifest.served().isEmpty()) {
            throw new IllegalArgumentException(data + " was loaded into served instances (" + ConnectOption.argument(manifest.served())
                    + "), whose stores hold it: benchmark it with --connect");
        }
        EngineKind kind = engine;
        SocialGraph rebuilt = rebuild(manifest, kind, out);
        SocialGraph graph = rebuilt != null ? rebuilt : SocialGraph.of(new int[manifest.users()][0]);
        // the stores hold what the load made: the manifest's figures, whether or not the graph could be rebuilt
        long maxFollowers = manifest.maxFollowers() >= 0 ? manifest.maxFollowers()
                : rebuilt != null ? rebuilt.maxFollowers() : -1;
        String source = "data " + data + " (" + manifest.graph().describe() + ")";
        if (kind == EngineKind.RING) {
            out.println("Note: messages sent by this benchmark are stored in " + data + "; copy the directory first to keep"
                    + " the load as it was.");
            return new Setup(source, spec(kind, manifest.placement(), manifest.shards(), data), graph, 0, true,
                    rebuilt != null, manifest.follows(), maxFollowers);
        }
        return new Setup(source + ", loaded into memory", spec(kind, manifest.placement(), manifest.shards(), null), graph,
                manifest.messagesPerUser(), false, true, manifest.follows(), maxFollowers);
    }

    /**
     * A finished load benchmarked through {@code --connect}: loaded by {@code load --connect}, or
     * loaded into {@code --data} and served from there ({@code serve --data DIR}); its users are
     * logged in.
     */
    private Setup servedFromData(LoadManifest manifest, PrintStream out) {
        Map<String, String> endpoints = connect.endpoints();
        if (!new java.util.HashSet<>(manifest.domains()).equals(endpoints.keySet())) {
            throw new IllegalArgumentException("--connect names " + endpoints.keySet() + " but " + data + " was loaded into "
                    + manifest.domains() + ": connect to the processes serving those domains");
        }
        Map<String, String> ordered = new java.util.LinkedHashMap<>();
        manifest.domains().forEach(domain -> ordered.put(domain, endpoints.get(domain)));
        SocialGraph rebuilt = rebuild(manifest, EngineKind.RING, out);
        SocialGraph graph = rebuilt != null ? rebuilt : SocialGraph.of(new int[manifest.users()][0]);
        out.println("Note: messages sent by this benchmark are stored by the serve processes.");
        return new Setup("data " + data + " (" + manifest.graph().describe() + "), served", DeploymentSpec.connected(ordered, connect.aeronDirectory()),
                graph, 0, true, rebuilt != null, manifest.follows(),
                manifest.maxFollowers() >= 0 ? manifest.maxFollowers() : rebuilt != null ? rebuilt.maxFollowers() : -1);
    }

    /**
     * The load's graph, built again from the manifest's description, for the clients' choice of
     * profiles (and the baseline's load). RING needs only the user names: if the graph file has
     * gone, its clients pick profiles uniformly instead, and this returns null.
     */
    private static SocialGraph rebuild(LoadManifest manifest, EngineKind kind, PrintStream out) {
        GraphSpec spec = manifest.graph();
        SocialGraph graph;
        try {
            graph = spec.build(manifest.domains().size());
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            if (kind != EngineKind.RING) {
                throw new IllegalArgumentException(kind + " rebuilds the load's graph in memory and cannot: " + e.getMessage());
            }
            out.println("Note: " + e.getMessage() + "; profiles are picked uniformly among all users (the users and"
                    + " follows below are the load's, from its manifest).");
            return null;
        }
        if (graph.users() != manifest.users() || graph.edges() != manifest.follows()) {
            throw new IllegalArgumentException("the graph " + spec.describe() + " now gives " + graph.users() + " users and "
                    + graph.edges() + " follows, the load made " + manifest.users() + " and " + manifest.follows()
                    + ": the file (or how it is read) changed since the load; load it again into a new directory");
        }
        return graph;
    }

    private Setup fromOptions(PrintStream out) {
        int n = connect.given() ? connect.endpoints().size() : instances == null ? 1 : instances;
        GraphSpec spec = graphOptions.spec();
        SocialGraph graph;
        if (spec.isFile()) {
            EdgeList.Loaded loaded = spec.readFile();
            graph = loaded.graph();
            out.println("Reading " + spec.describe() + ":");
            loaded.report().summary(null).forEach(line -> out.println("  " + line));
        } else {
            graph = spec.build(n);
        }
        EngineKind kind = engine;
        DeploymentSpec deployment = connect.given() ? DeploymentSpec.connected(connect.endpoints(), connect.aeronDirectory())
                : spec(kind, Placement.generated(n), engineOptions.shards(), null);
        return new Setup(spec.describe(), deployment, graph,
                graphOptions.messagesPerUser(), false, true, graph.edges(), graph.maxFollowers());
    }

    private DeploymentSpec spec(EngineKind kind, Placement placement, int shardsPerInstance, Path dataDirectory) {
        return new DeploymentSpec(kind, placement, engineOptions.threads(), shardsPerInstance, engineOptions.idle(),
                dataDirectory, engineOptions.affinity(), engineOptions.redisUri());
    }

    private RunInfo runInfo(Setup setup, LoadedDeployment loaded, Mix requestMix) {
        return new RunInfo("bench", "", "", "", 1, setup.spec.label(), setup.spec.placement().instances(),
                loaded.deployment().threads(), setup.spec.shards(), setup.graph.users(), setup.follows,
                requestMix.toString(), clients, rate == null ? 0 : rate, times.warmup().toNanos() / 1e9, times.duration().toNanos() / 1e9);
    }
}
