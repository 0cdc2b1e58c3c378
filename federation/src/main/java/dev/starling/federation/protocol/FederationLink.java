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
     * The highest sequence number of the stream from shard {@code fromShard} of instance {@code
     * from} to instance {@code destination} whose every event the destination applied, as far as
     * this side knows (0 when nothing is known); called by the thread holding the sending shard.
     */
    long acknowledged(int destination, int from, int fromShard);

    /**
     * After how long without a new acknowledgement a sender whose numbered events all went out
     * sends the unacknowledged ones again, from the oldest (a link that can lose events: a peer
     * process restarting, a frame lost); {@link Long#MAX_VALUE} for a link that loses nothing
     * while both ends live (events are then sent again only after a restart).
     */
    default long resendAfterNanos() {
        return Long.MAX_VALUE;
    }

    /**
     * Whether a sender whose retries all found no room should sleep its idle timeout before the
     * next (true for a link to other processes, where a peer may be down for long) rather than
     * spin (in one process a full ring drains within microseconds).
     */
    default boolean sleepsBetweenRetries() {
        return false;
    }
}
