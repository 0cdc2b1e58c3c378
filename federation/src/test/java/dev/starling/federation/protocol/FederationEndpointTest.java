package dev.starling.federation.protocol;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.FederationCounters;
import dev.starling.engine.FederationHandler;
import dev.starling.engine.FederationPort;
import dev.starling.engine.store.Ids;
import dev.starling.federation.inprocess.InProcessFederation;
import dev.starling.spi.RequestType;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One shard's protocol endpoint between two instances of one process, around what {@code
 * FederationProtocolTest} covers: a poll hands over at most a batch, the engine hears of each
 * remote request before it is served, a refused follow is answered with its error as the far side
 * gave it, a failing inbox is reported, deliveries are counted once per other instance, and the
 * port's figures (what went out on a retry, what waits inbound) are the ones its parts keep.
 */
class FederationEndpointTest {

    private static final int VUB = 0;
    private static final int ULB = 1;

    private final CountersManager manager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(256 * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(256 * CountersReader.COUNTER_LENGTH)));

    private FederationCounters counters(String name) {
        return new FederationCounters(manager.newCounter(name + " sent"), manager.newCounter(name + " queued"),
                manager.newCounter(name + " dropped"), manager.newCounter(name + " handled"),
                manager.newCounter(name + " deliveries sent"), manager.newCounter(name + " deliveries received"));
    }

    private FederationCounters[] counters;

    private FederationPort[] join(InProcessFederation federation, String domain, int index) {
        counters = new FederationCounters[] {counters(domain + "-0"), counters(domain + "-1")};
        return federation.join(domain, index, shard -> { }, counters, null);
    }

    @Test
    void shouldHandOverAtMostABatchOfEventsAPoll() {
        InProcessFederation federation = new InProcessFederation(512);
        FederationPort[] vub = join(federation, "vub.be", VUB);
        FederationPort[] ulb = join(federation, "ulb.be", ULB);
        long alice = Ids.userId(VUB, 0, 0);
        for (int i = 0; i < 300; i++) {
            vub[0].deliver(1L << ULB, alice, Ids.messageId(alice, i), i, "alice@vub.be", "m" + i);
        }
        assertEquals(300, ulb[0].inboundBacklog());
        Recording shard = new Recording();
        assertEquals(256, ulb[0].poll(shard), "a batch");
        assertEquals(44, ulb[0].inboundBacklog());
        assertEquals(44, ulb[0].poll(shard));
        assertEquals(0, ulb[0].poll(shard));
        assertEquals(300, shard.events.size());
        assertEquals(300, counters[0].handled().get());
    }

    @Test
    void shouldCountADeliveryOncePerOtherDeployedInstance() {
        InProcessFederation federation = new InProcessFederation(64);
        FederationPort[] vub = join(federation, "vub.be", VUB);
        FederationCounters vubCounters = counters[0];
        join(federation, "ulb.be", ULB);
        long alice = Ids.userId(VUB, 0, 0);
        vub[0].deliver((1L << VUB) | (1L << ULB) | (1L << 7), alice, Ids.messageId(alice, 0), 1, "alice@vub.be", "hi");
        assertEquals(1, vubCounters.deliveriesSent().get(), "ulb.be only: not its own instance, nor one not deployed");
        assertEquals(1, vubCounters.dropped().get());
        vub[0].deliver(1L << ULB, alice, Ids.messageId(alice, 1), 2, "alice@vub.be", "again");
        assertEquals(2, vubCounters.deliveriesSent().get());
    }

    /**
     * The engine hears of every remote request before it is served (the fault injector's hook);
     * a refused follow reaches the asking shard with its code and the far side's own words.
     */
    @Test
    void shouldAnnounceRemoteRequestsAndAnswerARefusedFollowWithItsError() {
        InProcessFederation federation = new InProcessFederation(64);
        FederationPort[] vub = join(federation, "vub.be", VUB);
        FederationPort[] ulb = join(federation, "ulb.be", ULB);
        Recording followed = new Recording();
        Recording asking = new Recording();
        long alice = Ids.userId(VUB, 1, 0);

        vub[1].followRequest(ULB, 0, 7, alice, "nobody");
        ulb[0].poll(followed);
        vub[1].poll(asking);
        assertEquals(List.of("before FOLLOW"), followed.events);
        assertEquals(List.of("failure 7 UNKNOWN_USER: nobody does not exist"), asking.events);

        vub[1].profileRequest(ULB, 0, 8, "bob", 10, Long.MAX_VALUE);
        ulb[0].poll(followed);
        vub[1].poll(asking);
        assertEquals(List.of("before FOLLOW", "before PROFILE"), followed.events);
        assertEquals("answer 8 []", asking.events.get(1));
    }

    @Test
    void shouldReportAnInboxThatFailsToPoll() {
        FederationCounters c = counters("lonely");
        FederationInbox broken = new FederationInbox() {
            @Override
            public void poll(Handler handler) {
                throw new IllegalStateException("broken inbox");
            }

            @Override
            public long backlog() {
                return 3;
            }
        };
        ProtocolEndpoint endpoint = new ProtocolEndpoint(VUB, 0, new InProcessFederation(64), broken, c, null);
        Recording shard = new Recording();
        assertEquals(0, endpoint.poll(shard));
        assertEquals(List.of("fault broken inbox"), shard.faults);
        assertEquals(3, endpoint.inboundBacklog());
    }

    @Test
    void shouldSayWhatARetrySentAndWhenOneIsDue() {
        InProcessFederation federation = new InProcessFederation(4);
        FederationPort[] vub = join(federation, "vub.be", VUB);
        FederationPort[] ulb = join(federation, "ulb.be", ULB);
        long alice = Ids.userId(VUB, 0, 0);
        for (int i = 0; i < 6; i++) {
            vub[0].deliver(1L << ULB, alice, Ids.messageId(alice, i), i, "alice@vub.be", "m" + i);
        }
        assertEquals(2, vub[0].queued());
        assertTrue(vub[0].retryDue());
        assertEquals(0, vub[0].retry(), "the ring is still full");
        Recording shard = new Recording();
        ulb[0].poll(shard);
        ulb[1].poll(new Recording());
        assertEquals(2, vub[0].retry());
        assertFalse(vub[0].retryDue());
        assertEquals(0, vub[0].unacknowledged(), "no journal: nothing numbered");
    }

    /** The in-process link loses nothing while both ends live, and a full ring there drains within microseconds. */
    @Test
    void shouldNeitherResendNorSleepOnTheInProcessLink() {
        InProcessFederation federation = new InProcessFederation(64);
        assertEquals(Long.MAX_VALUE, federation.resendAfterNanos());
        assertFalse(federation.sleepsBetweenRetries());
    }

    @Test
    void shouldGiveBackTheMemoryOfAnEventThatCarriedALargePage() {
        FederationEvent event = new FederationEvent();
        byte[] large = new byte[64 * 1024 + 1];
        event.set(0, 0, 0, 0, 0, 0, new UnsafeBuffer(large), 0, large.length);
        event.releaseLargeBuffer();
        assertTrue(event.bytes().capacity() < 64 * 1024, "a fresh small buffer: " + event.bytes().capacity());
        byte[] small = new byte[1_000];
        event.set(0, 0, 0, 0, 0, 0, new UnsafeBuffer(small), 0, small.length);
        org.agrona.DirectBuffer kept = event.bytes();
        event.releaseLargeBuffer();
        assertTrue(kept == event.bytes(), "a small one keeps its buffer");
    }

    /** The engine's side of one shard: records what it is asked and told. */
    private static final class Recording implements FederationHandler {
        final List<String> events = new ArrayList<>();
        final List<String> faults = new ArrayList<>();

        @Override
        public void onDelivery(long senderId, long messageId, long stamp, String sender, String text) {
            events.add("delivery " + text);
        }

        @Override
        public long onFollowRequest(int from, String targetLocalName) {
            throw new StarlingException(ErrorCode.UNKNOWN_USER, targetLocalName + " does not exist");
        }

        @Override
        public List<Message> backfillOf(long userId) {
            return List.of();
        }

        @Override
        public void onFollowAccepted(long correlation, long follower, long followed, List<Message> backfill) {
            events.add("accepted " + correlation);
        }

        @Override
        public List<Message> onProfileRequest(String localName, int limit, long beforeMicros) {
            return List.of();
        }

        @Override
        public void onAnswer(long correlation, Object result) {
            events.add("answer " + correlation + " " + result);
        }

        @Override
        public void onFailure(long correlation, StarlingException error) {
            events.add("failure " + correlation + " " + error.getMessage());
        }

        @Override
        public void beforeRemoteRequest(RequestType type) {
            events.add("before " + type);
        }

        @Override
        public void onFault(String what, Throwable fault) {
            faults.add("fault " + fault.getMessage());
        }

        @Override
        public String domain() {
            return "test";
        }
    }
}
