package dev.starling.engine;

import dev.starling.engine.codecs.BackfillEncoder;
import dev.starling.engine.codecs.FollowerAddedEncoder;
import dev.starling.engine.codecs.GroupSizeEncodingEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the hand-over proxy and codec report: encoded lengths, and how many waiting hand-overs a retry sent. */
class HandOverProxyTest {

    @Test
    void shouldReturnTheLengthOfEachEncodedHandOver() {
        ShardMessages codec = new ShardMessages();
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[ShardMessages.MAX_LENGTH]);
        assertEquals(FollowerAddedEncoder.BLOCK_LENGTH, codec.encodeFollowerAdded(buffer, 1, 2, 3));
        Backfill three = new Backfill().reset(7, 8);
        three.add(30, 3);
        three.add(20, 2);
        three.add(10, 1);
        assertEquals(BackfillEncoder.BLOCK_LENGTH + GroupSizeEncodingEncoder.ENCODED_LENGTH
                + 3 * BackfillEncoder.EntriesEncoder.sbeBlockLength(), codec.encodeBackfill(buffer, three));
    }

    @Test
    void shouldCountWhatARetrySent(@TempDir Path dir) {
        try (ShardFixture f = new ShardFixture(dir, 2)) {
            HandOverProxy proxy = f.handOvers[0];
            assertEquals(0, proxy.retry(), "nothing waits");
            int sent = 0;
            while (proxy.waiting() < 5) {
                proxy.deliver(1, 1, sent, sent);
                sent++;
            }
            assertEquals(0, proxy.retry(), "the inbox is still full");
            int read = f.directory.inbox(1).read((type, buffer, offset, length) -> { }, 3);
            assertEquals(3, read);
            int retried = proxy.retry();
            assertEquals(5 - proxy.waiting(), retried, "as many as left the queue");
            assertEquals(true, retried > 0);
        }
    }
}
