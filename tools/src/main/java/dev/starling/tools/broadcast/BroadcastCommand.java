package dev.starling.tools.broadcast;

import dev.starling.engine.FederationTransport;
import dev.starling.api.Session;
import dev.starling.spi.BroadcastLatency;
import dev.starling.federation.Deployment;
import dev.starling.federation.DeploymentMetrics;
import dev.starling.federation.EngineKind;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.ConnectOption;
import dev.starling.tools.cli.EngineOptions;
import dev.starling.tools.cli.QuietOption;
import dev.starling.tools.workload.Capacity;
import dev.starling.tools.workload.Placement;
import dev.starling.tools.workload.Progress;
import dev.starling.tools.workload.StoreProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Measures the broadcast latency of one user's messages to many followers spread over several
 * RING instances: the time from a message's stamp until it is in the first and in the last
 * follower's timeline, on the sender's instance and on the others.
 */
@Command(name = "broadcast", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Measures how long one user's messages take to reach its followers on several RING instances.",
        description = {
                "Registers one sender on the first of N RING instances and F"
                        + " followers spread evenly over all of them, then sends messages and reports how long each"
                        + " took from its stamp to reach the first and the last follower's timeline, on the sender's"
                        + " instance and on the others (every message sampled; percentiles from HdrHistogram). By"
                        + " default messages go one at a time, each after the previous one reached everyone (latency"
                        + " unloaded); --burst sends them all back to back.",
                "",
                "With --connect DOMAIN=HOST:PORT,... the instances are those of './starling serve' processes: the"
                        + " sender on the first domain named, each run's users named apart (served instances keep"
                        + " them); every process reports its part of each sampled message's spread and they are"
                        + " merged per message (start them with --broadcast-sampling 1 to sample every message).",
                "",
                "The stores take about 20 KiB per follower (in /dev/shm when it is there): the run is refused when"
                        + " they would not fit, with the estimate and the free space; they are removed at the end, on"
                        + " failure, and on SIGTERM or Ctrl-C.",
                ""})
public final class BroadcastCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--instances", defaultValue = "4", paramLabel = "N",
            description = "RING instances, 1 to " + FederationTransport.MAX_INSTANCES + " (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--followers", defaultValue = "1000", paramLabel = "F",
            description = "Followers of the sender, dealt round-robin over the instances (default: ${DEFAULT-VALUE}).")
    int followers;

    @Option(names = "--messages", defaultValue = "200", paramLabel = "M",
            description = "Messages the sender sends, 1 to 1,000,000 (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--warmup-messages", defaultValue = "100", paramLabel = "W",
            description = "Messages sent first and not measured, to warm the JIT, 0 to 1,000,000 (default: ${DEFAULT-VALUE}).")
    int warmupMessages;

    @Option(names = "--burst", description = "Send the messages back to back instead of one at a time.")
    boolean burst;

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    QuietOption quiet;

    @Mixin
    ConnectOption connect;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        long storeBytes = check();
        List<String> domainList = connect.given() ? List.copyOf(connect.endpoints().keySet())
                : Placement.generated(instances).domains();
        String[] domains = domainList.toArray(new String[0]);
        int count = domains.length;
        // Served instances outlive a run: a fresh suffix keeps each run's users apart.
        String run = connect.given() ? "_" + Long.toString(System.currentTimeMillis() % 2_176_782_336L, 36) : "";
        Deployment.Builder builder;
        if (connect.given()) {
            out.printf(Locale.ROOT, "broadcast: 1 sender on %s, %,d followers over %d served instances (%s), %,d messages%s%n",
                    domains[0], followers, count, connect.argument(), messages, burst ? " (burst)" : " (one at a time)");
            builder = Deployment.builder().remoteTimeout(Duration.ofSeconds(30));
            connect.endpoints().forEach(builder::connect);
            if (connect.aeronDirectory() != null) {
                builder.aeronDirectory(connect.aeronDirectory());
            }
        } else {
            int threads = engineOptions.threads();
            int shards = engineOptions.shards();
            out.printf(Locale.ROOT, "broadcast: 1 sender on %s, %,d followers over %d instances, %,d messages%s, %d threads,"
                            + " %d shards each; stores about %s%n", domains[0], followers, count, messages,
                    burst ? " (burst)" : " (one at a time)", threads, shards, Capacity.size(storeBytes));
            builder = Deployment.builder().instances(domains).engine(EngineKind.RING).threads(threads)
                    .shardsPerInstance(shards).idleMode(engineOptions.idle()).affinity(engineOptions.affinity())
                    .broadcastSampling(1).expectedLoad(usersPerInstance(), messagesPerUser(), 4);
        }
        try (Deployment d = connect.given() ? builder.start()
                : StoreProgress.whileCreating(out, Capacity.temporaryRoot(), storeBytes, builder::start)) {
            Session sender = d.instance(domains[0]).registerUser("sender" + run).join();
            Progress progress = new Progress(out, "followers", followers);
            List<CompletableFuture<Void>> follows = new ArrayList<>();
            for (int f = 0; f < followers; f++) {
                Session follower = d.instance(domains[f % count]).registerUser("follower" + f + run).join();
                follows.add(follower.follow(sender.user()));
                if (follows.size() >= 256) {
                    follows.forEach(CompletableFuture::join);
                    follows.clear();
                }
                progress.update(f + 1);
            }
            follows.forEach(CompletableFuture::join);
            progress.finish(followers);
            quiesce(d);

            send(d, sender, warmupMessages, "warm-up");
            d.clearBroadcastLatency();
            long deliveriesBefore = d.metrics().deliveriesSent();
            double seconds = send(d, sender, messages, "measured");
            DeploymentMetrics metrics = d.metrics();
            print(out, metrics.broadcast(), messages, seconds, metrics.deliveriesSent() - deliveriesBefore);
            if (connect.given() && metrics.broadcast().sampledMessages() < messages) {
                out.printf(Locale.ROOT, "(%,d of the %,d messages were sampled: start the serve processes with"
                        + " --broadcast-sampling 1 to measure every one)%n", metrics.broadcast().sampledMessages(), messages);
            }
        }
        return 0;
    }

    /** Every option and the stores' room, before any work; returns the stores' estimated bytes. */
    private long check() {
        engineOptions.check(spec);
        Checks.range(spec, "--instances", instances, 1, FederationTransport.MAX_INSTANCES);
        connect.check(spec);
        Checks.require(spec, !connect.given() || !spec.commandLine().getParseResult().hasMatchedOption("--instances"),
                "--instances and --connect: the instances are the --connect domains; leave out --instances");
        Checks.range(spec, "--followers", followers, 1, Integer.MAX_VALUE - 1);
        Checks.range(spec, "--messages", messages, 1, 1_000_000);
        Checks.range(spec, "--warmup-messages", warmupMessages, 0, 1_000_000);
        if (connect.given()) {
            return 0;
        }
        long bytes = Capacity.storeBytes(instances, engineOptions.shards(), usersPerInstance(), messagesPerUser(), 4);
        try {
            Capacity.checkStores(bytes, null);
        } catch (IllegalArgumentException e) {
            throw Checks.fail(spec, String.format(Locale.ROOT, "--followers %,d: %s", followers, e.getMessage()));
        }
        return bytes;
    }

    private long usersPerInstance() {
        return Math.max(1_000, followers / instances + 1);
    }

    /** Only the sender sends: enough room per user that its shard holds its messages twice over. */
    private long messagesPerUser() {
        long usersPerShard = Math.max(16, usersPerInstance() * 5 / 4 / engineOptions.shards() + 1);
        return Math.max(1, (2L * (messages + warmupMessages + 10) + usersPerShard - 1) / usersPerShard);
    }

    private double send(Deployment d, Session sender, int count, String label) {
        Progress progress = new Progress(System.out, label + " messages", count);
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            CompletableFuture<?> sent = sender.sendMessage(label + " message " + m);
            if (burst) {
                sends.add(sent);
            } else {
                sent.join();
                quiesce(d);
            }
            progress.update(m + 1);
        }
        sends.forEach(CompletableFuture::join);
        quiesce(d);
        return progress.finish(count);
    }

    private static void print(PrintStream out, BroadcastLatency b, int messages, double seconds, long deliveries) {
        out.printf(Locale.ROOT, "%n%,d messages in %s (%s per message); %,d federation deliveries in all (one per message"
                + " and remote instance)%n", messages, time(seconds), time(seconds / messages), deliveries);
        dev.starling.tools.BenchCommand.printBroadcast(out, b);
    }

    /** A time in the unit that shows it: 840 µs, 12.3 ms, 4.2 s. */
    static String time(double seconds) {
        if (seconds < 1e-3) {
            return String.format(Locale.ROOT, "%.0f µs", seconds * 1e6);
        }
        if (seconds < 1) {
            return String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private static void quiesce(Deployment d) {
        if (!d.awaitQuiescent(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the deployment did not drain within 60 s: " + d.metrics());
        }
    }
}
