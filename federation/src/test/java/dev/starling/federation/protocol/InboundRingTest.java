package dev.starling.federation.protocol;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An instance's inbound ring and what the in-process transport's acknowledgements read from it:
 * positions handed out in order, no room until every shard's poller passed a slot, the handled
 * position as the slowest poller's, and the stream numbers whose events lie at or below it.
 */
class InboundRingTest {

    private static FederationEvent event(int shard, int from, int fromShard, long sequence, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new FederationEvent().set(shard, from, fromShard, sequence, 1, 9, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static String text(FederationEvent event) {
        byte[] bytes = new byte[event.encodedLength()];
        event.bytes().getBytes(0, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Polls shard {@code shard}'s inbox, recording the texts of its own events. */
    private static List<String> poll(InboundRing ring, int shard) throws Exception {
        List<String> seen = new ArrayList<>();
        ring.inbox(shard).poll(e -> {
            if (e.shard == shard) {
                seen.add(text(e));
            }
            return true;
        });
        return seen;
    }

    @Test
    void shouldHandOutPositionsUntilEveryShardPassedTheSlots() throws Exception {
        List<Integer> woken = new ArrayList<>();
        InboundRing ring = new InboundRing(4, 2, woken::add);
        assertEquals(2, ring.shards());
        assertEquals(-1, ring.handledThrough(), "nothing handled yet");
        assertEquals(0, ring.tryPublish(event(0, 5, 0, 0, "a"), true));
        assertEquals(1, ring.tryPublish(event(1, 5, 0, 0, "b"), false));
        byte[] c = "c".getBytes(StandardCharsets.UTF_8);
        assertEquals(2, ring.tryPublish(1, 6, 3, 7, 4, 11, new UnsafeBuffer(c), 0, c.length));
        assertEquals(3, ring.tryPublish(event(0, 5, 0, 0, "d"), true));
        assertEquals(-1, ring.tryPublish(event(0, 5, 0, 0, "no room"), true), "four slots, none passed");
        assertEquals(List.of(0, 1, 0), woken, "woken when asked, and always for received bytes");
        assertEquals(4, ring.inbox(0).backlog());

        assertEquals(List.of("a", "d"), poll(ring, 0));
        assertEquals(0, ring.inbox(0).backlog());
        assertEquals(4, ring.inbox(1).backlog());
        assertEquals(-1, ring.handledThrough(), "shard 1 has not passed any slot");
        assertEquals(-1, ring.tryPublish(event(0, 5, 0, 0, "still no room"), true), "shard 1 gates the ring");

        List<FederationEvent> received = new ArrayList<>();
        ring.inbox(1).poll(e -> {
            if (e.shard == 1) {
                received.add(new FederationEvent().copyFrom(e));
            }
            return true;
        });
        assertEquals(3, ring.handledThrough());
        FederationEvent bytes = received.get(1);
        assertEquals(List.of("b", "c"), received.stream().map(InboundRingTest::text).toList());
        assertEquals(List.of(6L, 3L, 7L, 4L, 11L), List.of((long) bytes.from, (long) bytes.fromShard, bytes.sequence,
                bytes.floor, bytes.epoch), "the header of an event received as bytes");
        assertEquals(4, ring.tryPublish(event(0, 5, 0, 0, "room again"), false));
    }

    @Test
    void shouldAcknowledgeTheNumbersWhoseEventsEveryEarlierPositionIncludedWasHandled() {
        PublishedEvents stream = new PublishedEvents();
        assertEquals(0, stream.acknowledged(100), "nothing published");
        stream.published(3, 1);
        stream.published(5, 2);
        stream.published(9, 3);
        assertEquals(0, stream.acknowledged(2));
        assertEquals(1, stream.acknowledged(3), "a position handled includes its own event");
        assertEquals(1, stream.acknowledged(4));
        assertEquals(2, stream.acknowledged(8));
        assertEquals(3, stream.acknowledged(9));
        assertEquals(3, stream.acknowledged(2), "never goes back");
        stream.published(12, 4);
        assertEquals(3, stream.acknowledged(11));
        assertEquals(4, stream.acknowledged(50));
    }

    @Test
    void shouldTellEachStreamWhatItsReceivingRingHandled() throws Exception {
        LocalAcknowledgements acks = new LocalAcknowledgements();
        acks.join(0, 2);
        InboundRing ring = new InboundRing(8, 1, shard -> { });
        assertEquals(0, acks.acknowledged(1, 0, 1, ring), "no stream yet");
        assertEquals(0, acks.acknowledged(1, 4, 0, ring), "an instance that never joined");
        FederationEvent first = event(0, 0, 1, 1, "first of stream 0/1 -> 1");
        acks.published(1, first, ring.tryPublish(first, false));
        FederationEvent unnumbered = event(0, 0, 1, 0, "a request");
        acks.published(1, unnumbered, ring.tryPublish(unnumbered, false));
        FederationEvent other = event(0, 0, 0, 1, "first of stream 0/0 -> 1");
        acks.published(1, other, ring.tryPublish(other, false));
        FederationEvent second = event(0, 0, 1, 2, "second of stream 0/1 -> 1");
        acks.published(1, second, ring.tryPublish(second, false));
        assertEquals(0, acks.acknowledged(1, 0, 1, ring), "nothing handled yet");
        assertEquals(0, acks.acknowledged(1, 0, 1, null), "no ring: nothing known");

        ring.inbox(0).poll(e -> !text(e).startsWith("first of stream 0/0")); // stops after that one
        assertEquals(1, acks.acknowledged(1, 0, 1, ring), "the second lies past what was handled");
        assertEquals(1, acks.acknowledged(1, 0, 0, ring));
        assertEquals(0, acks.acknowledged(2, 0, 1, ring), "no stream to instance 2");
        ring.inbox(0).poll(e -> true);
        assertEquals(2, acks.acknowledged(1, 0, 1, ring));
    }
}
