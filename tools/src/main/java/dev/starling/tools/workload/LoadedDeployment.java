package dev.starling.tools.workload;

import dev.starling.api.ErrorCode;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;
import dev.starling.tools.cli.ErrorHandlers;
import dev.starling.federation.Deployment;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A running deployment with a session for every user of its graph, ready for a
 * {@link WorkloadRunner}. Closing it closes the deployment.
 *
 * @param deployment the running deployment
 * @param sessions   session of user {@code i} at index {@code i}
 * @param graph      the follow graph (the clients pick profiles among followed users)
 * @param placement  where the users live
 * @param processes  the serve processes started for the deployment, null when it started none
 */
public record LoadedDeployment(Deployment deployment, Session[] sessions, SocialGraph graph, Placement placement,
                               ServedProcesses processes) implements AutoCloseable {

    /**
     * Starts a fresh deployment (and its serve processes when the spec asks for them) and fills it
     * with the graph and the seed messages, then waits for it to drain.
     */
    public static LoadedDeployment load(DeploymentSpec spec, SocialGraph graph, int messagesPerUser, PrintStream out) {
        ServedProcesses processes = spec.processes()
                ? ServedProcesses.start(spec.placement().domains(), spec.threads(), spec.shards(), out) : null;
        Deployment deployment = null;
        try {
            deployment = processes != null ? DeploymentSpec.connected(processes.endpoints(), null).start(graph, messagesPerUser)
                    : spec.start(graph, messagesPerUser);
            Session[] sessions = Loader.load(deployment, graph, messagesPerUser, out);
            awaitDrained(deployment);
            return new LoadedDeployment(deployment, sessions, graph, spec.placement(), processes);
        } catch (RuntimeException e) {
            if (deployment != null) {
                deployment.close();
            }
            if (processes != null) {
                processes.close();
            }
            if (!spec.connect().isEmpty() && ErrorHandlers.unwrap(e) instanceof StarlingException se
                    && se.code() == ErrorCode.USER_EXISTS) {
                throw new IllegalStateException(se.getMessage() + ": the served instances already hold users; serve"
                        + " an empty --data directory to load a graph, or benchmark the load they hold with"
                        + " 'bench --data DIR --connect ...'", e);
            }
            throw e;
        }
    }

    /** Opens a deployment on stores that already hold the users (a finished load) and logs every user in. */
    public static LoadedDeployment open(DeploymentSpec spec, SocialGraph graph, int users, PrintStream out) {
        Deployment deployment = spec.start(graph, 0);
        try {
            Session[] sessions = Loader.logIn(deployment, users, out);
            return new LoadedDeployment(deployment, sessions, graph, spec.placement(), null);
        } catch (RuntimeException e) {
            deployment.close();
            throw e;
        }
    }

    static void awaitDrained(Deployment deployment) {
        if (!deployment.awaitQuiescent(Duration.ofMinutes(10))) {
            throw new IllegalStateException(deployment + " did not drain its rings within 10 minutes");
        }
    }

    /** A closed-loop runner over these sessions. */
    public WorkloadRunner runner(Mix mix, int clients, int limit, long seed) {
        return new WorkloadRunner(sessions, graph, placement.domains(), mix, clients, limit, seed);
    }

    @Override
    public void close() {
        deployment.close();
        if (processes != null) {
            processes.close();
        }
    }
}
