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
        ShardMessages writer = new ShardMessages();
        ShardMessages reader = new ShardMessages();
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[ShardMessages.MAX_LENGTH + 8]);
        int at = 8; // the inbox hands messages over at an offset

        writer.encodeDeliver(new UnsafeBuffer(buffer, at, ShardMessages.MAX_LENGTH), 11, 22, 33);
        var deliver = reader.deliver(buffer, at);
        assertEquals(List.of(11L, 22L, 33L), List.of(deliver.senderId(), deliver.messageId(), deliver.stamp()));

        writer.encodeFollowerAdded(new UnsafeBuffer(buffer, at, ShardMessages.MAX_LENGTH), 5, 6, 7);
        var added = reader.followerAdded(buffer, at);
        assertEquals(List.of(5L, 6L, 7L), List.of(added.followed(), added.follower(), (long) added.followerShard()));

        Backfill full = new Backfill().reset(100, 200);
        for (int i = 0; i < full.ids.length; i++) {
            full.add(10_000 - i, 1_000 + i);
        }
        int length = writer.encodeRemoteFollowed(new UnsafeBuffer(buffer, at, ShardMessages.MAX_LENGTH), 99, full);
        assertEquals(ShardMessages.MAX_LENGTH, length, "a full window is the largest hand-over");
        Backfill decoded = new Backfill();
        assertEquals(99, reader.decodeRemoteFollowed(buffer, at, decoded));
        assertSame(full, decoded);

        Backfill three = new Backfill().reset(7, 8);
        three.add(30, 3);
        three.add(20, 2);
        three.add(10, 1);
        writer.encodeBackfill(new UnsafeBuffer(buffer, at, ShardMessages.MAX_LENGTH), three);
        reader.decodeBackfill(buffer, at, decoded);
        assertSame(three, decoded);
    }

    private static void assertSame(Backfill expected, Backfill actual) {
        assertEquals(List.of(expected.follower, expected.followed, (long) expected.count),
                List.of(actual.follower, actual.followed, (long) actual.count));
        for (int i = 0; i < expected.count; i++) {
            assertEquals(expected.stamps[i], actual.stamps[i], "stamp " + i);
            assertEquals(expected.ids[i], actual.ids[i], "id " + i);
        }
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
            ShardMessages codec = new ShardMessages();
            while (received.size() < sent) {
                target.read((type, buffer, offset, len) -> received.add(codec.deliver(buffer, offset).messageId()),
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
