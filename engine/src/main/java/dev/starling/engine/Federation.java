package dev.starling.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The directory of a deployment's RING instances: resolves a domain, or the instance index
 * carried in ids and federation events, to the instance that owns it. Filled once at start and
 * only read afterwards, from any thread.
 */
final class Federation {

    /** Instances one deployment can federate: follower instances are a 64-bit mask per user. */
    static final int MAX_INSTANCES = 64;

    private final Map<String, RingInstance> byDomain = new LinkedHashMap<>();
    private final RingInstance[] byIndex = new RingInstance[MAX_INSTANCES];

    void add(RingInstance instance) {
        byDomain.put(instance.domain(), instance);
        byIndex[instance.index()] = instance;
    }

    /** The instance serving {@code domain}, or null when it is not deployed. */
    RingInstance instance(String domain) {
        return byDomain.get(domain);
    }

    /** The instance with {@code index}, or null when none is deployed under it (any more). */
    RingInstance instance(int index) {
        return index >= 0 && index < MAX_INSTANCES ? byIndex[index] : null;
    }

    Iterable<RingInstance> all() {
        return byDomain.values();
    }
}
