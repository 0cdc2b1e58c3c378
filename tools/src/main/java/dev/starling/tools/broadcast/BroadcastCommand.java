package dev.starling.tools.broadcast;

import dev.starling.api.Session;
import dev.starling.spi.BroadcastLatency;
import dev.starling.federation.Deployment;
import dev.starling.federation.DeploymentMetrics;
import dev.starling.federation.EngineKind;
import dev.starling.tools.workload.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Measures the broadcast latency of one user's messages to many followers spread over several
 * RING instances: the time from a message's stamp until it is in the first and in the last
 * follower's timeline, on the sender's instance and on the others.
 */
@Command(name = "broadcast", mixinStandardHelpOptions = true,
        description = {
                "Registers one sender on the first of N RING instances and F followers spread evenly over all",
                "of them, then sends messages and reports how long each took from its stamp to reach the first",
                "and the last follower's timeline, on the sender's instance and on the others (every message",
                "sampled; percentiles from HdrHistogram). By default messages go one at a time, each after the",
                "previous one reached everyone (latency unloaded); --burst sends them all back to back."})
public final class BroadcastCommand implements Callable<Integer> {

    @Option(names = "--instances", defaultValue = "4", description = "RING instances (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--followers", defaultValue = "1000", description = "Followers of the sender, dealt round-robin over the instances (default: ${DEFAULT-VALUE}).")
    int followers;

    @Option(names = "--messages", defaultValue = "200", description = "Messages the sender sends (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--warmup-messages", defaultValue = "100", description = "Messages sent first and not measured, to warm the JIT (default: ${DEFAULT-VALUE}).")
    int warmupMessages;

    @Option(names = "--burst", description = "Send the messages back to back instead of one at a time.")
    boolean burst;

    @Option(names = "--threads", defaultValue = "2", description = "Engine threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--shards", defaultValue = "4", description = "Shards per instance (default: ${DEFAULT-VALUE}).")
    int shards;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (instances < 1 || instances > 64 || followers < 1 || messages < 1 || warmupMessages < 0) {
            System.err.println("need 1 to 64 instances, at least one follower and one message");
            return 2;
        }
        String[] domains = new String[instances];
        for (int i = 0; i < instances; i++) {
            domains[i] = "i" + (i + 1) + ".example";
        }
        out.printf("broadcast: 1 sender on %s, %,d followers over %d instances, %,d messages%s, %d threads, %d shards each%n",
                domains[0], followers, instances, messages, burst ? " (burst)" : " (one at a time)", threads, shards);
        try (Deployment d = Deployment.builder().instances(domains).engine(EngineKind.RING).threads(threads)
                .shardsPerInstance(shards).broadcastSampling(1)
                .expectedLoad(Math.max(1_000, followers / instances + 1), messages + warmupMessages + 10, 4).start()) {
            Session sender = d.instance(domains[0]).registerUser("sender").join();
            Progress progress = new Progress(out, "followers", followers);
            List<CompletableFuture<Void>> follows = new ArrayList<>();
            for (int f = 0; f < followers; f++) {
                Session follower = d.instance(domains[f % instances]).registerUser("follower" + f).join();
                follows.add(follower.follow("sender@" + domains[0]));
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
        }
        return 0;
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
        out.printf("%n%,d messages in %.1f s; %,d federation deliveries in all (one per message and remote instance)%n",
                messages, seconds, deliveries);
        dev.starling.tools.BenchCommand.printBroadcast(out, b);
    }

    private static void quiesce(Deployment d) {
        if (!d.awaitQuiescent(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the deployment did not drain within 60 s: " + d.metrics());
        }
    }
}
