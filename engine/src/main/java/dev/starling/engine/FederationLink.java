package dev.starling.engine;

/**
 * The engine's port to other instances: how a shard's {@link FederationOutbox} hands an event to
 * the instance it is for. The in-process implementation ({@link Federation}) publishes onto the
 * receiving instance's inbound federation ring; another transport (another process) implements
 * the same two calls.
 */
interface FederationLink {

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
}
