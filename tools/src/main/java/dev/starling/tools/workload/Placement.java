package dev.starling.tools.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the users of a workload live: user {@code i} of a graph is {@code u<i>} on domain
 * {@code i mod N} of the deployment's {@code N} domains. Loading, logging in and the clients all
 * name users through this one rule.
 *
 * @param domains the deployment's domains, in order
 */
public record Placement(List<String> domains) {

    public Placement {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("a placement needs at least one domain");
        }
        domains = List.copyOf(domains);
    }

    /** The domains of a deployment of {@code instances} generated instances: i0.starling, i1.starling, ... */
    public static Placement generated(int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1, got " + instances);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            names.add("i" + i + ".starling");
        }
        return new Placement(names);
    }

    public int instances() {
        return domains.size();
    }

    /** Index of the instance that user {@code user} lives on. */
    public int instanceOf(int user) {
        return user % domains.size();
    }

    public String domainOf(int user) {
        return domains.get(instanceOf(user));
    }

    /** The user's name on its own instance, {@code u<i>}. */
    public static String localName(int user) {
        return "u" + user;
    }

    /** The user's qualified name, {@code u<i>@domain}. */
    public String qualifiedName(int user) {
        return localName(user) + "@" + domainOf(user);
    }
}
