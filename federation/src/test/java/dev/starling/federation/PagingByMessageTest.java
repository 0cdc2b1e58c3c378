package dev.starling.federation;

import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.spi.Paging;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;

import static dev.starling.federation.Api.await;
import static dev.starling.federation.Api.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paging by message reaches every entry exactly once, in one total order (newest stamp first,
 * ties by higher id first), however many messages of different senders and instances share a
 * stamp. The stamp-only cursor skips ties, as documented.
 */
class PagingByMessageTest {

    private static final Duration QUIET = Duration.ofSeconds(60);
    private static final int SENDERS = 8;
    private static final int MESSAGES = 90;
    /** A clock that never moves: every instance stamps 1, 2, 3... from it, so the instances tie. */
    private static final long STUCK = 1_700_000_000_000_000L;

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldPageEveryEntryOnceWithManySendersOnTwoInstancesAtOnce(EngineKind kind) throws Exception {
        checkPaging(kind, null, false);
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldPageEveryEntryOnceWhenStampsOfTwoInstancesTie(EngineKind kind) throws Exception {
        checkPaging(kind, () -> STUCK, true);
    }

    /**
     * Senders on two instances send at once; a reader following them all pages in every way.
     * With {@code ties}, every stamp is expected on both instances, and the stamp-only cursor to
     * skip the ties, as documented.
     */
    private static void checkPaging(EngineKind kind, LongSupplier clock, boolean ties) throws Exception {
        Deployment.Builder builder = Deployment.builder().instances("vub.be", "ulb.be").engine(kind).threads(2)
                .shardsPerInstance(4);
        try (Deployment deployment = (clock == null ? builder : builder.clock(clock)).start()) {
            checkPaging(deployment, ties);
        }
    }

    private static void checkPaging(Deployment deployment, boolean ties) throws Exception {
        Session reader = await(deployment.instance("vub.be").registerUser("reader"));
        List<Session> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            String domain = s % 2 == 0 ? "vub.be" : "ulb.be";
            Session sender = await(deployment.instance(domain).registerUser("sender" + s));
            await(reader.follow(sender.user()));
            senders.add(sender);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        for (Session sender : senders) {
            sending.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int m = 0; m < MESSAGES; m++) {
                    await(sender.sendMessage(sender.user() + " " + m));
                }
            }, runnable -> new Thread(runnable).start()));
        }
        start.countDown();
        sending.forEach(Api::await);
        assertTrue(deployment.awaitQuiescent(QUIET));

        List<Message> timeline = await(reader.timeline(10_000));
        assertEquals(SENDERS * MESSAGES, timeline.size());
        assertInTotalOrder(timeline);
        for (int pageSize : new int[] {1, 5, 7, 1_000}) {
            assertEquals(timeline, pageByMessage(reader, pageSize), "timeline in pages of " + pageSize);
        }
        for (Session sender : senders) {
            List<Message> profile = await(reader.profile(sender.user(), 10_000));
            assertEquals(MESSAGES, profile.size());
            assertInTotalOrder(profile);
            assertEquals(profile, pageProfileByMessage(reader, sender.user()), "profile of " + sender.user());
            // A cursor from the timeline (of any sender) continues the profile at its place.
            Message cursor = timeline.get(timeline.size() / 2);
            List<Message> rest = profile.stream().filter(m -> Paging.isAfter(m, cursor.timestampMicros(), cursor.id())).toList();
            assertEquals(rest, await(reader.profile(sender.user(), 10_000, cursor)));
        }
        expectError(dev.starling.api.ErrorCode.INVALID_ARGUMENT, reader.timeline(1, (Message) null));
        expectError(dev.starling.api.ErrorCode.INVALID_ARGUMENT, reader.profile("reader", 1, (Message) null));
        if (ties) {
            int tied = 0;
            for (int i = 1; i < timeline.size(); i++) {
                tied += timeline.get(i).timestampMicros() == timeline.get(i - 1).timestampMicros() ? 1 : 0;
            }
            assertEquals(SENDERS * MESSAGES / 2, tied, "each stamp given on both instances");
            assertTrue(pageByStamp(reader, 1).size() < timeline.size(), "the stamp-only cursor skips ties");
        }
    }

    static void assertInTotalOrder(List<Message> messages) {
        assertEquals(messages.size(), new HashSet<>(messages.stream().map(Message::id).toList()).size(), "unique ids");
        for (int i = 1; i < messages.size(); i++) {
            Message newer = messages.get(i - 1);
            Message older = messages.get(i);
            assertTrue(Paging.isAfter(older, newer.timestampMicros(), newer.id()),
                    "newest stamp first, ties by higher id first: " + newer + " then " + older);
        }
    }

    static List<Message> pageByMessage(Session reader, int pageSize) {
        List<Message> all = new ArrayList<>();
        List<Message> page = await(reader.timeline(pageSize));
        while (!page.isEmpty()) {
            all.addAll(page);
            page = await(reader.timeline(pageSize, page.get(page.size() - 1)));
        }
        return all;
    }

    static List<Message> pageByStamp(Session reader, int pageSize) {
        List<Message> all = new ArrayList<>();
        List<Message> page = await(reader.timeline(pageSize));
        while (!page.isEmpty()) {
            all.addAll(page);
            page = await(reader.timeline(pageSize, page.get(page.size() - 1).timestampMicros()));
        }
        return all;
    }

    static List<Message> pageProfileByMessage(Session reader, String user) {
        List<Message> all = new ArrayList<>();
        List<Message> page = await(reader.profile(user, 1));
        while (!page.isEmpty()) {
            all.addAll(page);
            page = await(reader.profile(user, 1, page.get(page.size() - 1)));
        }
        return all;
    }
}
