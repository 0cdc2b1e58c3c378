package dev.starling.federation;

/** Which engine a {@link Deployment} runs. */
public enum EngineKind {
    /** Disruptor rings over sharded, off-heap Chronicle Map stores, fan-out on write. */
    RING,
    /** The single-thread, on-heap baseline that builds timelines on read. */
    CENTRALIZED,
    /**
     * Mastodon's home-feed design on a real Redis server (a private {@code redis-server} child, or
     * the one {@link Deployment.Builder#redisUri} names): a peer to compare with.
     */
    REDIS
}
