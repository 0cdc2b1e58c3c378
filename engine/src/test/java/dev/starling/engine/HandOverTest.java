package dev.starling.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-over codecs and the proxy's retry of a full inbox, in order, without losing a message. */
class HandOverTest {

    @Test
    void shouldDecodeWhatWasEncoded() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[ShardMessages.MAX_LENGTH]);
        assertEquals(ShardMessages.DELIVER_LENGTH, ShardMessages.encodeDeliver(buffer, 11, 22, 33));
        assertEquals(List.of(11L, 22L, 33L), List.of(buffer.getLong(ShardMessages.DELIVER_SENDER),
                buffer.getLong(ShardMessages.DELIVER_MESSAGE), buffer.getLong(ShardMessages.DELIVER_STAMP)));
        assertEquals(ShardMessages.ADDED_LENGTH, ShardMessages.encodeFollowerAdded(buffer, 5, 6, 7));
        assertEquals(List.of(5L, 6L, 7L), List.of(buffer.getLong(ShardMessages.ADDED_FOLLOWED),
                buffer.getLong(ShardMessages.ADDED_FOLLOWER), (long) buffer.getInt(ShardMessages.ADDED_SHARD)));

        Backfill full = new Backfill().reset(100, 200);
        for (int i = 0; i < full.ids.length; i++) {
            full.add(10_000 - i, 1_000 + i);
        }
        int length = ShardMessages.encodeRemoteFollowed(buffer, 99, full);
        assertEquals(ShardMessages.MAX_LENGTH, length, "a full window is the largest hand-over");
        Backfill decoded = new Backfill();
        assertEquals(99, ShardMessages.decodeBackfill(buffer, 0, decoded));
        assertEquals(List.of(100L, 200L, (long) full.ids.length), List.of(decoded.follower, decoded.followed, (long) decoded.count));
        for (int i = 0; i < full.count; i++) {
            assertEquals(full.stamps[i], decoded.stamps[i]);
            assertEquals(full.ids[i], decoded.ids[i]);
        }
        ShardMessages.encodeBackfill(buffer, full);
        assertEquals(0, ShardMessages.decodeBackfill(buffer, 0, decoded), "a plain backfill carries no correlation");
    }

    @Test
    void shouldKeepWhatAFullInboxRefusesAndDeliverItInOrderLater(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (ShardFixture f = new ShardFixture(dir, 2)) {
            HandOverProxy proxy = f.handOvers[0];
            ShardInbox target = f.directory.inbox(1);
            int sent = 0;
            while (proxy.waiting() == 0) {
                proxy.deliver(1, 1, sent, sent);
                sent++;
            }
            for (int i = 0; i < 100; i++) {
                proxy.deliver(1, 1, sent, sent);
                sent++;
            }
            assertEquals(101, proxy.waiting());
            assertEquals(sent, f.directory.counters(0).handedOver.get());
            List<Long> received = new ArrayList<>();
            while (received.size() < sent) {
                target.read((type, buffer, offset, len) -> received.add(buffer.getLong(offset + ShardMessages.DELIVER_MESSAGE)),
                        Integer.MAX_VALUE);
                proxy.retry();
            }
            assertEquals(0, proxy.waiting());
            for (int i = 0; i < sent; i++) {
                assertEquals(i, received.get(i), "in the order handed over");
            }
        }
    }

    @Test
    void shouldNoteTargetsInsteadOfWakingThemWhileACallerRunsTheShard(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (ShardFixture f = new ShardFixture(dir, 4)) {
            HandOverProxy proxy = f.handOvers[0];
            proxy.deferWakes(true);
            proxy.deliver(1, 1, 1, 1);
            proxy.deliver(3, 1, 2, 2);
            proxy.deliver(3, 1, 3, 3);
            proxy.deferWakes(false);
            assertEquals((1L << 1) | (1L << 3), proxy.takeDeferred());
            assertEquals(0, proxy.takeDeferred(), "taken once");
        }
    }
}
