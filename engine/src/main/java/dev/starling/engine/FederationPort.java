package dev.starling.engine;

import org.agrona.collections.LongArrayList;

/**
 * One shard's end of the federation, opened by a {@link FederationTransport}: what the shard
 * sends to other instances, and the polling of what they sent it. Used only by the thread holding
 * the shard. Sending never blocks: what finds no room waits in the port, in order per
 * destination, and goes out on a later {@link #doWork}.
 */
public interface FederationPort {

    /**
     * A message for the followers of its sender on the instances in the {@code instances} mask
     * (this one excepted). With a journal, the delivery is kept for each of them before this
     * returns (see {@link dev.starling.engine.store.FederationJournal}).
     */
    void deliver(long instances, long senderId, long messageId, long stamp, String sender, String text);

    /** Asks instance {@code destination} to let {@code follower} follow one of its users; the answer completes {@code correlation}. */
    void followRequest(int destination, int targetShard, long correlation, long follower, String targetLocalName);

    /** Asks instance {@code destination} for a page of one of its users' profile; the answer completes {@code correlation}. */
    void profileRequest(int destination, int targetShard, long correlation, String targetLocalName, int limit,
                        long beforeMicros);

    /** Sends what waited for room; returns how many went. */
    int retry();

    /** Hands at most a batch of the events received for this shard to {@code handler}; returns how many. */
    int poll(FederationHandler handler);

    /** Events received that this shard has not polled past yet (0 when it is up to date). */
    long inboundBacklog();

    /** Events waiting for room at their destination. */
    long queued();

    /**
     * Events sent to instances that are deployed and not yet acknowledged by them as applied
     * (kept in the shard's stores, sent again until they are); 0 for a port without a journal.
     * Read from any thread.
     */
    default long unacknowledged() {
        return 0;
    }

    /**
     * True when events wait and a retry may send some now: the thread running the shard should
     * not sleep. False while the last retry found every destination still without room (a peer
     * process that is down): the thread then sleeps its idle strategy's timeout between retries
     * instead of spinning.
     */
    default boolean retryDue() {
        return queued() > 0;
    }

    /**
     * While true (a caller's thread runs the shard), receiving shards are noted instead of woken,
     * for the caller to run or wake ({@link #takeDeferred}).
     */
    void deferWakes(boolean defer);

    /** Adds the receiving shards noted since the last call, each as {@code instance << 32 | shard}, and forgets them. */
    void takeDeferred(LongArrayList into);
}
