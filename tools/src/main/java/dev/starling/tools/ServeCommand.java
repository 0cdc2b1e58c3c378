package dev.starling.tools;

import dev.starling.api.StarlingException;
import dev.starling.federation.Deployment;
import dev.starling.federation.EngineKind;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.EngineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Runs RING instances in this process for other processes: federated over Aeron with the peers
 * named, and answering clients ({@code Deployment.builder().connect}, {@code --connect}) until
 * SIGTERM or Ctrl-C.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Serves RING instances to other processes over Aeron until SIGTERM or Ctrl-C.",
        description = {
                "Runs the named instances on their data directory, federated with the peer instances of other"
                        + " serve processes (UDP, Aeron), and answers clients that connect to HOST:PORT"
                        + " (Deployment.builder().connect, or --connect on bench, demo and seed). Prints one line"
                        + " 'ready DOMAINS on HOST:PORT' once it takes requests, logs each peer link going up and"
                        + " down, and closes cleanly (stores, links, Aeron) on SIGTERM or Ctrl-C.",
                "Every process of a federation names the same domains in all (its own with --domain, the others"
                        + " with --peer): each domain's index, carried in its users' ids, is its place in that set."
                        + " Events from anything but the configured peers are counted and dropped. No encryption,"
                        + " no authentication of users: run it on a network you trust.",
                ""})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN",
            description = "A domain served by this process (repeat for several).")
    List<String> domains;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "The data directory; reopened as it was left (also after a kill).")
    Path data;

    @Option(names = "--listen", defaultValue = "127.0.0.1:20121", paramLabel = "HOST:PORT",
            description = "Where peers and clients reach this process (UDP; default: ${DEFAULT-VALUE}, loopback only).")
    String listen;

    @Option(names = "--peer", paramLabel = "DOMAIN=HOST:PORT",
            description = "A peer instance and the --listen endpoint of the process serving it (repeat for each).")
    Map<String, String> peers = new LinkedHashMap<>();

    @Option(names = "--aeron-dir", paramLabel = "DIR",
            description = "The directory of an external Aeron media driver (default: one embedded in this process,"
                    + " its directory under /dev/shm, removed on exit).")
    Path aeronDirectory;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        engine.check(spec);
        Deployment.Builder builder = Deployment.builder().engine(EngineKind.RING).threads(engine.threads())
                .shardsPerInstance(engine.shards()).idleMode(engine.idle()).affinity(engine.affinity())
                .dataDirectory(data);
        Deployment deployment;
        try {
            builder.instances(domains.toArray(String[]::new)).listen(listen);
            peers.forEach(builder::peer);
            if (aeronDirectory != null) {
                builder.aeronDirectory(aeronDirectory);
            }
            deployment = builder.start();
        } catch (StarlingException e) {
            throw Checks.fail(spec, e.getMessage().replaceFirst("^INVALID_ARGUMENT: ", ""));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            deployment.close();
            System.out.println("closed " + String.join(",", deployment.domains()));
            System.out.flush();
            stopped.countDown();
        }, "starling-serve-stop"));
        List<String> served = new ArrayList<>(deployment.domains());
        System.out.println("ready " + String.join(",", served) + " on " + listen);
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
