package dev.starling.federation.protocol;

/**
 * How a shard's {@link FederationOutbox} hands an event to the instance it is for: the outbound
 * half of a transport. The in-process one publishes onto the receiving instance's inbound ring;
 * another transport (another process) implements the same two calls.
 */
public interface FederationLink {

    /** True when an instance with this index is deployed. */
    boolean deployed(int instance);

    /**
     * Hands a copy of {@code event} to instance {@code destination} if it has room now; never
     * waits. With {@code wake}, the receiving shard's thread is woken; without, the caller runs
     * or wakes it (see {@link FederationOutbox#takeDeferred}).
     *
     * @return false when the destination has no room (retry later)
     */
    boolean tryPublish(int destination, FederationEvent event, boolean wake);

    /**
     * Whether a sender whose retries all found no room should sleep its idle timeout before the
     * next (true for a link to other processes, where a peer may be down for long) rather than
     * spin (in one process a full ring drains within microseconds).
     */
    default boolean sleepsBetweenRetries() {
        return false;
    }
}
