package dev.starling.federation.protocol;

import dev.starling.engine.FederationCounters;
import dev.starling.engine.FederationHandler;
import dev.starling.engine.FederationPort;
import dev.starling.engine.store.FederationJournal;
import org.agrona.collections.LongArrayList;

/**
 * One shard's {@link FederationPort} over a transport: sends through the {@link FederationProxy}
 * (encode) and its {@link FederationOutbox} (publish or queue, retry), receives from the
 * transport's {@link FederationInbox} through the {@link FederationAdapter} (decode, dispatch).
 * With a journal, deliveries survive a crash of either end: see {@link FederationOutbox} (numbered,
 * kept, sent again) and {@link FederationAdapter} (applied once).
 */
public final class ProtocolEndpoint implements FederationPort {

    private final FederationProxy proxy;
    private final FederationOutbox outbox;
    private final FederationAdapter adapter;
    private final FederationInbox inbox;

    /**
     * @param instance the index of the shard's instance
     * @param shard    the shard's index in its instance
     * @param link     the outbound half of the transport, shared by an instance's shards
     * @param inbox    the inbound half for this shard
     * @param journal  the shard's {@link FederationJournal}: deliveries are numbered, kept until
     *                 acknowledged and applied once; null for none (in flight at a crash, lost)
     */
    public ProtocolEndpoint(int instance, int shard, FederationLink link, FederationInbox inbox,
                            FederationCounters counters, FederationJournal journal) {
        this.outbox = new FederationOutbox(link, journal, instance, shard, counters);
        this.proxy = new FederationProxy(instance, shard, outbox, counters);
        this.adapter = new FederationAdapter(shard, proxy, counters, journal);
        this.inbox = inbox;
    }

    @Override
    public void deliver(long instances, long senderId, long messageId, long stamp, String sender, String text) {
        proxy.deliver(instances, senderId, messageId, stamp, sender, text);
    }

    @Override
    public void followRequest(int destination, int targetShard, long correlation, long follower,
                              String targetLocalName) {
        proxy.followRequest(destination, targetShard, correlation, follower, targetLocalName);
    }

    @Override
    public void profileRequest(int destination, int targetShard, long correlation, String targetLocalName, int limit,
                               long beforeMicros) {
        proxy.profileRequest(destination, targetShard, correlation, targetLocalName, limit, beforeMicros);
    }

    @Override
    public int retry() {
        return outbox.retry();
    }

    @Override
    public int poll(FederationHandler handler) {
        return adapter.poll(inbox, handler);
    }

    @Override
    public long inboundBacklog() {
        return inbox.backlog();
    }

    @Override
    public long queued() {
        return outbox.queued();
    }

    @Override
    public long unacknowledged() {
        return outbox.unacknowledged();
    }

    @Override
    public boolean retryDue() {
        return outbox.retryDue();
    }

    @Override
    public void deferWakes(boolean defer) {
        outbox.deferWakes(defer);
    }

    @Override
    public void takeDeferred(LongArrayList into) {
        outbox.takeDeferred(into);
    }
}
