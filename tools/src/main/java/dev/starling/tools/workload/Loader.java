package dev.starling.tools.workload;

import dev.starling.api.Session;
import dev.starling.federation.Deployment;

import java.io.PrintStream;
import java.util.List;

/**
 * Fills a deployment: registers the users of a graph (user {@code i} is {@code u<i>} on domain
 * {@code i mod instances}, as {@link Placement} says), makes every follow of the graph, then has
 * every user send some messages, so timelines and profiles have content before a workload starts.
 */
public final class Loader {

    private static final int WINDOW = 1024;

    private Loader() {
    }

    /** Qualified name of user {@code i} in a deployment of the given domains (see {@link Placement}). */
    public static String userName(int i, List<String> domains) {
        return Placement.localName(i) + "@" + domains.get(i % domains.size());
    }

    /** Logs in users {@code 0..users-1} of a deployment that already holds them (a reopened load). */
    public static Session[] logIn(Deployment deployment, int users, PrintStream out) {
        List<String> domains = deployment.domains();
        Session[] sessions = new Session[users];
        Pipelined.run(users, WINDOW, i -> deployment.instance(domains.get(i % domains.size()))
                .logIn(Placement.localName(i)).thenAccept(s -> sessions[i] = s), new Progress(out, "log in users", users));
        return sessions;
    }

    public static Session[] load(Deployment deployment, SocialGraph graph, int messagesPerUser, PrintStream out) {
        List<String> domains = deployment.domains();
        int users = graph.users();
        Session[] sessions = new Session[users];
        Pipelined.run(users, WINDOW, i -> deployment.instance(domains.get(i % domains.size()))
                .registerUser(Placement.localName(i)).thenAccept(s -> sessions[i] = s), new Progress(out, "register users", users));

        long edges = graph.edges();
        int[] edgeUser = new int[(int) edges];
        int[] edgeTarget = new int[(int) edges];
        int e = 0;
        for (int u = 0; u < users; u++) {
            for (int t : graph.follows(u)) {
                edgeUser[e] = u;
                edgeTarget[e++] = t;
            }
        }
        Pipelined.run((int) edges, WINDOW, k -> sessions[edgeUser[k]].follow(userName(edgeTarget[k], domains)),
                new Progress(out, "follow", edges));

        int messages = users * messagesPerUser;
        Pipelined.run(messages, WINDOW, k -> sessions[k % users].sendMessage(
                "seed message " + (k / users) + " from u" + (k % users) + ": the quick brown fox jumps over the lazy dog"),
                new Progress(out, "send seed messages", messages));
        return sessions;
    }
}
