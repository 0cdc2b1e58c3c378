package dev.starling.federation.protocol;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.FederationCounters;
import dev.starling.engine.FederationHandler;
import dev.starling.engine.FederationPort;
import dev.starling.spi.RequestType;
import dev.starling.engine.store.Ids;
import dev.starling.federation.inprocess.InProcessFederation;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The federation protocol between two instances over the in-process transport, with the engine's
 * side replaced by recording handlers: what each event carries arrives intact at the right shard,
 * requests are answered (or failed) to the asking shard, and a destination without room keeps
 * the events in order for a retry.
 */
class FederationProtocolTest {

    private static final int VUB = 0;
    private static final int ULB = 1;
    private static final int SHARDS = 2;

    private final CountersManager manager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(256 * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(256 * CountersReader.COUNTER_LENGTH)));
    private final List<String> woken = new ArrayList<>();

    private FederationCounters[] counters(String domain) {
        FederationCounters[] all = new FederationCounters[SHARDS];
        for (int i = 0; i < SHARDS; i++) {
            String p = domain + "-" + i + " ";
            all[i] = new FederationCounters(manager.newCounter(p + "sent"), manager.newCounter(p + "queued"),
                    manager.newCounter(p + "dropped"), manager.newCounter(p + "handled"),
                    manager.newCounter(p + "deliveries sent"), manager.newCounter(p + "deliveries received"));
        }
        return all;
    }

    private FederationPort[] join(InProcessFederation federation, String domain, int index) {
        return federation.join(domain, index, shard -> woken.add(domain + "/" + shard), counters(domain));
    }

    @Test
    void shouldCarryEveryEventToItsShardAndAnswerTheAskingShard() {
        InProcessFederation federation = new InProcessFederation(64);
        FederationPort[] vub = join(federation, "vub.be", VUB);
        FederationPort[] ulb = join(federation, "ulb.be", ULB);
        assertEquals(ULB, federation.indexOf("ulb.be"));
        assertEquals(-1, federation.indexOf("kuleuven.be"));

        long alice = Ids.userId(VUB, 1, 0);
        long bob = Ids.userId(ULB, 0, 0);
        Message hello = new Message(Ids.messageId(bob, 0), "bob@ulb.be", "héllo, 世界", 42);
        Recording ulb0 = new Recording("ulb.be");
        Recording vub0 = new Recording("vub.be");
        Recording vub1 = new Recording("vub.be");
        ulb0.backfill = List.of(hello);

        vub[1].followRequest(ULB, 0, 7, alice, "bob");
        assertEquals(List.of("ulb.be/0"), woken);
        assertEquals(1, ulb[0].poll(ulb0));
        assertEquals(0, ulb[1].poll(new Recording("ulb.be")), "shard 1 passes over shard 0's event");
        assertEquals(List.of("follow request from 0 for bob"), ulb0.events);
        // the acceptance goes to the proxy's shard (the followed user's shard index) on vub.be
        assertEquals(1, vub[0].poll(vub0));
        assertEquals(List.of("accepted 7 " + alice + " " + bob + " [" + hello + "]"), vub0.events);

        ulb[0].deliver((1L << VUB) | (1L << ULB), bob, hello.id(), 42, hello.sender(), hello.text());
        vub[0].poll(vub0);
        assertEquals("delivery " + bob + " " + hello.id() + " 42 bob@ulb.be héllo, 世界", vub0.events.get(1),
                "one copy for vub.be, none for its own instance");
        assertEquals(0, ulb[0].inboundBacklog() + ulb[1].inboundBacklog());

        vub[1].profileRequest(ULB, 0, 8, "bob", 10, Long.MAX_VALUE);
        ulb[0].poll(ulb0);
        vub[1].poll(vub1);
        assertEquals(List.of("answer 8 [" + hello + "]"), vub1.events);

        vub[1].profileRequest(ULB, 0, 9, "nobody", 10, Long.MAX_VALUE);
        ulb[0].poll(ulb0);
        vub[1].poll(vub1);
        assertEquals("failure 9 UNKNOWN_USER", vub1.events.get(1), "a refused request is answered with its error");

        ulb0.faulty = true;
        vub[1].profileRequest(ULB, 0, 10, "bob", 10, Long.MAX_VALUE);
        ulb[0].poll(ulb0);
        vub[1].poll(vub1);
        assertEquals("failure 10 INTERNAL", vub1.events.get(2), "a fault is answered at once, not left to time out");
        assertEquals(List.of("fault"), ulb0.faults);
    }

    @Test
    void shouldQueueWhatFindsNoRoomAndSendItInOrderLater() {
        InProcessFederation federation = new InProcessFederation(64);
        FederationPort[] vub = join(federation, "vub.be", VUB);
        FederationPort[] ulb = join(federation, "ulb.be", ULB);
        for (int i = 0; i < 100; i++) {
            vub[0].deliver(1L << ULB, Ids.userId(VUB, 0, 0), i, i, "alice@vub.be", "m" + i);
        }
        assertEquals(36, vub[0].queued(), "64 slots, the rest waits");
        Recording receiver = new Recording("ulb.be");
        Recording other = new Recording("ulb.be");
        for (int round = 0; receiver.events.size() < 100; round++) {
            assertTrue(round < 1_000, "the queued events must go out as room frees");
            ulb[0].poll(receiver);
            ulb[1].poll(other); // every shard's poller gates the ring
            vub[0].retry();
        }
        assertEquals(List.of(), other.events);
        for (int i = 0; i < 100; i++) {
            assertTrue(receiver.events.get(i).endsWith(" m" + i), "in order: " + receiver.events.get(i));
        }
        assertEquals(0, vub[0].queued());
        vub[0].deliver(1L << 5, 1, 1, 1, "alice@vub.be", "to nobody");
        assertEquals(0, vub[0].queued(), "an instance that is not deployed gets nothing");
    }

    @Test
    void shouldNoteReceiversInsteadOfWakingThemWhileACallerRunsTheSender() {
        InProcessFederation federation = new InProcessFederation(64);
        FederationPort[] vub = join(federation, "vub.be", VUB);
        join(federation, "ulb.be", ULB);
        vub[0].deferWakes(true);
        vub[0].followRequest(ULB, 1, 1, 1, "bob");
        vub[0].followRequest(ULB, 1, 2, 1, "bob");
        vub[0].deferWakes(false);
        assertEquals(List.of(), woken);
        LongArrayList deferred = new LongArrayList();
        vub[0].takeDeferred(deferred);
        assertEquals(1, deferred.size(), "each receiver once");
        assertEquals((long) ULB << 32 | 1, deferred.getLong(0));
    }

    /** The engine's side of one shard, recording what it is asked. */
    private static final class Recording implements FederationHandler {
        final String domain;
        final List<String> events = new ArrayList<>();
        final List<String> faults = new ArrayList<>();
        List<Message> backfill = List.of();
        boolean faulty;

        Recording(String domain) {
            this.domain = domain;
        }

        @Override
        public void onDelivery(long senderId, long messageId, long stamp, String sender, String text) {
            events.add("delivery " + senderId + " " + messageId + " " + stamp + " " + sender + " " + text);
        }

        @Override
        public long onFollowRequest(int from, String targetLocalName) {
            events.add("follow request from " + from + " for " + targetLocalName);
            return Ids.userId(ULB, 0, 0);
        }

        @Override
        public List<Message> backfillOf(long userId) {
            return backfill;
        }

        @Override
        public void onFollowAccepted(long correlation, long follower, long followed, List<Message> newestFirst) {
            events.add("accepted " + correlation + " " + follower + " " + followed + " " + newestFirst);
        }

        @Override
        public List<Message> onProfileRequest(String localName, int limit, long beforeMicros) {
            if (faulty) {
                throw new IllegalStateException("fault");
            }
            if (!localName.equals("bob")) {
                throw new StarlingException(ErrorCode.UNKNOWN_USER, localName + " does not exist");
            }
            return backfill;
        }

        @Override
        public void onAnswer(long correlation, Object result) {
            events.add("answer " + correlation + " " + result);
        }

        @Override
        public void onFailure(long correlation, StarlingException error) {
            events.add("failure " + correlation + " " + error.code());
        }

        @Override
        public void beforeRemoteRequest(RequestType type) {
        }

        @Override
        public void onFault(String what, Throwable fault) {
            faults.add(fault.getMessage());
        }

        @Override
        public String domain() {
            return domain;
        }
    }
}
