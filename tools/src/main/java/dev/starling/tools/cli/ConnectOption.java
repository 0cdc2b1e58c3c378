package dev.starling.tools.cli;

import dev.starling.api.StarlingException;
import dev.starling.federation.aeron.Endpoints;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --connect DOMAIN=HOST:PORT[,...]}: run a command's workload against instances served by
 * other processes ({@code ./starling serve}) instead of starting them in this one.
 */
public final class ConnectOption {

    @Option(names = "--connect", split = ",", paramLabel = "DOMAIN=HOST:PORT",
            description = "Instances served by './starling serve' processes, as DOMAIN=HOST:PORT, comma-separated:"
                    + " the workload runs against them through the network (Aeron) instead of in this process."
                    + " Start each serve on an empty --data directory.")
    Map<String, String> connect = new LinkedHashMap<>();

    @Option(names = "--aeron-dir", paramLabel = "DIR",
            description = "With --connect: the directory of a running Aeron media driver ('starling driver') that the"
                    + " serve processes of this host share; requests and answers then go over IPC instead of UDP"
                    + " (default: a driver embedded in this process).")
    Path aeronDirectory;

    /** Checks every endpoint and the driver's directory; returns the domains and endpoints (empty when not given). */
    public Map<String, String> check(CommandSpec spec) {
        Checks.require(spec, aeronDirectory == null || !connect.isEmpty(),
                "--aeron-dir goes with --connect (a client's media driver)");
        Checks.require(spec, aeronDirectory == null || Files.isDirectory(aeronDirectory),
                "--aeron-dir " + aeronDirectory + " is not a directory (start the media driver first: starling driver"
                        + " --aeron-dir " + aeronDirectory + ")");
        for (Map.Entry<String, String> e : connect.entrySet()) {
            try {
                Endpoints.check(e.getValue(), false);
            } catch (StarlingException ex) {
                throw Checks.fail(spec, "--connect " + e.getKey() + ": " + ex.getMessage().replaceFirst("^INVALID_ARGUMENT: ", ""));
            }
        }
        return connect;
    }

    public boolean given() {
        return !connect.isEmpty();
    }

    /** The external media driver's directory, or null for one embedded in this process. */
    public Path aeronDirectory() {
        return aeronDirectory;
    }

    /** Domain to {@code host:port}, in the order given (empty when not given). */
    public Map<String, String> endpoints() {
        return connect;
    }

    /** The option's value as given: {@code DOMAIN=HOST:PORT,...}. */
    public String argument() {
        return argument(connect);
    }

    /** {@code connections} (domain to endpoint) as a {@code --connect} value. */
    public static String argument(Map<String, String> connections) {
        return String.join(",", connections.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
