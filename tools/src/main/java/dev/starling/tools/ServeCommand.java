package dev.starling.tools;

import dev.starling.api.StarlingException;
import dev.starling.federation.Deployment;
import dev.starling.federation.EngineKind;
import dev.starling.tools.cli.Checks;
import dev.starling.federation.aeron.Endpoints;
import dev.starling.spi.Validation;
import dev.starling.tools.cli.EngineOptions;
import dev.starling.tools.cli.UntilStopped;
import io.aeron.exceptions.AeronException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs RING instances in this process for other processes: federated over Aeron with the peers
 * named, and answering clients ({@code Deployment.builder().connect}, {@code demo --connect}) until
 * SIGTERM or Ctrl-C.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Serves RING instances to other processes over Aeron until SIGTERM or Ctrl-C.",
        description = {
                "Runs the named instances on their data directory, federated with the peer instances of other"
                        + " serve processes (UDP, Aeron), and answers clients that connect to HOST:PORT"
                        + " (Deployment.builder().connect, or demo --connect). Prints one line"
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
            description = "The directory of a running Aeron media driver ('starling driver') that serve processes of"
                    + " this host share: links between them then go over IPC instead of UDP (default: a driver"
                    + " embedded in this process, its directory under /dev/shm, removed on exit).")
    Path aeronDirectory;

    @Option(names = "--broadcast-sampling", defaultValue = "16", paramLabel = "N",
            description = "Record the broadcast latency of one message in N, a power of two (default: ${DEFAULT-VALUE};"
                    + " 'broadcast --connect' wants 1).")
    int broadcastSampling;

    @Mixin
    EngineOptions engine;

    /** Every option, before anything starts. */
    private void check() {
        List<String> served = new ArrayList<>();
        for (String domain : domains) {
            String normal = Validation.normalizeDomain(domain);
            Checks.require(spec, normal != null, "--domain: not a domain: '" + domain + "'");
            served.add(normal);
        }
        try {
            Endpoints.check(listen, false);
        } catch (StarlingException e) {
            throw Checks.fail(spec, "--listen: " + e.getMessage().replaceFirst("^INVALID_ARGUMENT: ", ""));
        }
        for (Map.Entry<String, String> peer : peers.entrySet()) {
            String normal = Validation.normalizeDomain(peer.getKey());
            Checks.require(spec, normal != null, "--peer: not a domain: '" + peer.getKey() + "'");
            Checks.require(spec, !served.contains(normal), "--peer " + peer.getKey() + " is also a --domain here");
            try {
                Endpoints.check(peer.getValue(), false);
            } catch (StarlingException e) {
                throw Checks.fail(spec, "--peer " + peer.getKey() + ": " + e.getMessage().replaceFirst("^INVALID_ARGUMENT: ", ""));
            }
        }
        Checks.require(spec, !Files.exists(data) || Files.isDirectory(data), "--data " + data + " is a file");
        Checks.require(spec, broadcastSampling >= 1 && Integer.bitCount(broadcastSampling) == 1,
                "--broadcast-sampling must be a power of two (1, 2, 4, ...), got " + broadcastSampling);
        Checks.require(spec, aeronDirectory == null || Files.isDirectory(aeronDirectory),
                "--aeron-dir " + aeronDirectory + " is not a directory (start the media driver first: starling driver"
                        + " --aeron-dir " + aeronDirectory + ")");
    }

    @Override
    public Integer call() {
        engine.check(spec);
        check();
        Deployment.Builder builder = Deployment.builder().engine(EngineKind.RING).threads(engine.threads())
                .shardsPerInstance(engine.shards()).idleMode(engine.idle()).affinity(engine.affinity())
                .dataDirectory(data).instances(domains.toArray(String[]::new)).listen(listen)
                .broadcastSampling(broadcastSampling);
        peers.forEach(builder::peer);
        if (aeronDirectory != null) {
            builder.aeronDirectory(aeronDirectory);
        }
        Deployment deployment;
        try {
            deployment = builder.start();
        } catch (StarlingException e) {
            throw Checks.fail(spec, e.getMessage().replaceFirst("^INVALID_ARGUMENT: ", ""));
        } catch (AeronException e) {
            throw Checks.fail(spec, "--listen " + listen + " or --aeron-dir: Aeron refused: " + e.getMessage());
        }
        String domainList = String.join(",", deployment.domains());
        return UntilStopped.run("ready " + domainList + " on " + listen, deployment::close, "closed " + domainList,
                "starling-serve-stop");
    }
}
