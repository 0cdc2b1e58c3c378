package dev.starling.engine;

import dev.starling.api.Message;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receiving side of a shard's inbox: each hand-over is dispatched by its type; one that fails
 * (an unknown type, a user the shard does not hold) is reported as a fault and counted as
 * received like every other, and the shard goes on with the next.
 */
class InboxAdapterTest extends ShardFixtureTest {

    InboxAdapterTest() {
        super(2);
    }

    @Test
    void shouldReportAFailedHandOverCountItAsReceivedAndGoOn() {
        UserOperations.Account alice = f.of("alice").register("alice");
        UserOperations.Account bob = null;
        for (int i = 0; bob == null; i++) {
            if (f.directory.shardOfName("b" + i) != f.directory.shardOfName("alice")) {
                bob = f.of("b" + i).register("b" + i);
            }
        }
        int bobShard = f.directory.shardOfUser(bob.userId());
        InboxAdapter adapter = f.inboxAdapters[bobShard];
        ShardCounters counters = f.directory.counters(bobShard);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[ShardMessages.MAX_LENGTH]);
        ShardMessages codec = new ShardMessages();

        adapter.onMessage(99, buffer, 0, 0);
        assertEquals(1, counters.faults.get(), "an unknown type is a fault");
        int length = codec.encodeFollowerAdded(buffer, 12_345, alice.userId(), 0);
        adapter.onMessage(ShardMessages.FOLLOWER_ADDED, buffer, 0, length);
        assertEquals(2, counters.faults.get(), "a followed user this shard does not hold");
        assertEquals(2, counters.received.get(), "both counted as received");

        Backfill backfill = new Backfill().reset(bob.userId(), alice.userId());
        Message m = f.of(alice.userId()).send(alice.userId(), "alice@vub.be", "hello", 10);
        backfill.add(m.timestampMicros(), m.id());
        CompletableFuture<Object> call = new CompletableFuture<>();
        long correlation = f.remoteCalls[bobShard].register(call);
        length = codec.encodeRemoteFollowed(buffer, correlation, backfill);
        adapter.onMessage(ShardMessages.REMOTE_FOLLOWED, buffer, 0, length);
        assertTrue(call.isDone(), "the waiting call is answered");
        assertEquals(List.of(m), f.of(bob.userId()).timeline(bob.userId(), 10, Long.MAX_VALUE, Long.MIN_VALUE));
        assertEquals(3, counters.received.get());
        assertEquals(2, counters.faults.get(), "no new fault");
    }
}
