package dev.starling.federation.protocol;

import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.FederationCounters;
import dev.starling.engine.FederationHandler;
import dev.starling.engine.FederationPort;
import dev.starling.engine.store.FederationJournal;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StoreSizing;
import dev.starling.federation.inprocess.InProcessFederation;
import dev.starling.spi.RequestType;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Deliveries between two instances of one process with journals, as a restart sees them: one the
 * receiver applied but the sender had not seen acknowledged is sent again after the sender's
 * restart and skipped by the receiver (counted as handled); a sender with fresh stores (a new
 * epoch) numbers from 1 again and is applied; once the receiving ring handled an event, the
 * sender's next duty cycle forgets it.
 */
class AppliedOnceTest {

    private static final int VUB = 0;
    private static final int ULB = 1;

    private final CountersManager manager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * CountersReader.COUNTER_LENGTH)));
    private final List<ShardStores> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(ShardStores::close);
    }

    private FederationJournal journal(Path dir) {
        ShardStores stores = new ShardStores(dir, new StoreSizing(10, 10, 10, 40));
        opened.add(stores);
        return stores.federationJournal();
    }

    private FederationCounters counters(String name) {
        return new FederationCounters(manager.newCounter(name + " sent"), manager.newCounter(name + " queued"),
                manager.newCounter(name + " dropped"), manager.newCounter(name + " handled"),
                manager.newCounter(name + " deliveries sent"), manager.newCounter(name + " deliveries received"));
    }

    private FederationPort join(InProcessFederation federation, String domain, int index, FederationCounters counters,
                                FederationJournal journal) {
        return federation.join(domain, index, shard -> { }, new FederationCounters[] {counters},
                new FederationJournal[] {journal})[0];
    }

    @Test
    void shouldApplyEachNumberedDeliveryOnceAcrossASendersRestart(@TempDir Path dir) {
        FederationJournal vubJournal = journal(dir.resolve("vub"));
        FederationJournal ulbJournal = journal(dir.resolve("ulb"));
        FederationCounters ulbCounters = counters("ulb");
        Recording ulbShard = new Recording();
        long alice = Ids.userId(VUB, 0, 0);

        InProcessFederation before = new InProcessFederation(64);
        FederationPort vub = join(before, "vub.be", VUB, counters("vub"), vubJournal);
        FederationPort ulb = join(before, "ulb.be", ULB, ulbCounters, ulbJournal);
        vub.deliver(1L << ULB, alice, Ids.messageId(alice, 0), 10, "alice@vub.be", "one");
        assertEquals(1, vub.unacknowledged());
        assertEquals(1, ulb.poll(ulbShard));
        assertEquals(List.of("one"), ulbShard.texts);
        assertEquals(1, vubJournal.keptCount(), "applied, but the sender has not looked yet");

        // the sender's process restarts before its next duty cycle; the receiver's stays
        InProcessFederation after = new InProcessFederation(64);
        FederationPort vubAgain = join(after, "vub.be", VUB, counters("vub again"), vubJournal);
        FederationCounters ulbAgainCounters = counters("ulb again");
        FederationPort ulbAgain = join(after, "ulb.be", ULB, ulbAgainCounters, ulbJournal);
        assertEquals(1, vubAgain.queued(), "the kept delivery, read back");
        vubAgain.retry();
        vubAgain.deliver(1L << ULB, alice, Ids.messageId(alice, 1), 20, "alice@vub.be", "two");
        assertEquals(2, ulbAgain.poll(ulbShard));
        assertEquals(List.of("one", "two"), ulbShard.texts, "one was applied before: skipped");
        assertEquals(2, ulbAgainCounters.handled().get(), "the skipped one is handled all the same");
        assertEquals(1, ulbAgainCounters.deliveriesReceived().get());
        vubAgain.retry();
        assertEquals(0, vubAgain.unacknowledged());
        assertEquals(0, vubJournal.keptCount(), "both forgotten once the ring handled them");

        // a sender whose stores were lost starts a new epoch: its number 1 is another delivery
        FederationJournal fresh = journal(dir.resolve("vub-fresh"));
        InProcessFederation third = new InProcessFederation(64);
        FederationPort vubFresh = join(third, "vub.be", VUB, counters("vub fresh"), fresh);
        FederationPort ulbThird = join(third, "ulb.be", ULB, counters("ulb third"), ulbJournal);
        vubFresh.deliver(1L << ULB, alice, Ids.messageId(alice, 2), 30, "alice@vub.be", "three");
        ulbThird.poll(ulbShard);
        assertEquals(List.of("one", "two", "three"), ulbShard.texts);
    }

    /** The engine's side of the receiving shard: records the deliveries' texts. */
    private static final class Recording implements FederationHandler {
        final List<String> texts = new ArrayList<>();

        @Override
        public void onDelivery(long senderId, long messageId, long stamp, String sender, String text) {
            texts.add(text);
        }

        @Override
        public long onFollowRequest(int from, String targetLocalName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Message> backfillOf(long userId) {
            return List.of();
        }

        @Override
        public void onFollowAccepted(long correlation, long follower, long followed, List<Message> backfill) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Message> onProfileRequest(String localName, int limit, long beforeMicros) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void onAnswer(long correlation, Object result) {
        }

        @Override
        public void onFailure(long correlation, StarlingException error) {
        }

        @Override
        public void beforeRemoteRequest(RequestType type) {
        }

        @Override
        public void onFault(String what, Throwable fault) {
            throw new AssertionError(what, fault);
        }

        @Override
        public String domain() {
            return "ulb.be";
        }
    }
}
