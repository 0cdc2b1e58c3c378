package dev.starling.tools.cli;

import dev.starling.api.StarlingException;
import dev.starling.federation.aeron.Endpoints;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

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

    /** Checks every endpoint; returns the domains and endpoints (empty when not given). */
    public Map<String, String> check(CommandSpec spec) {
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
