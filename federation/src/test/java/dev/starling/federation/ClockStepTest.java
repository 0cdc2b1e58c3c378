package dev.starling.federation;

import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.starling.federation.Api.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stamps on one instance never go back, whichever sender, when the wall clock steps back (while
 * running, or across a restart), and are the wall clock again once it is ahead.
 */
class ClockStepTest {

    private static final Duration QUIET = Duration.ofSeconds(30);
    private static final long T = 1_700_000_000_000_000L;
    private static final long TEN_MINUTES = 600_000_000L;

    /** The reported case while running: alice and bob send, the clock goes 10 minutes back, they send on. */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldKeepSendingOrderAcrossSendersWhenTheClockStepsBack(EngineKind kind) {
        AtomicLong now = new AtomicLong(T);
        try (Deployment d = Deployment.builder().instances("vub.be").engine(kind).clock(now::get).start()) {
            List<Message> sent = new ArrayList<>();
            Session[] aliceBobCarol = sendFirstMessages(d.instance("vub.be"), now, sent);
            Session alice = aliceBobCarol[0];
            Session bob = aliceBobCarol[1];
            now.set(T - TEN_MINUTES);
            sendAlternately(alice, bob, sent);
            checkOrder(d, aliceBobCarol[2], sent);
            assertEquals(T + 11, sent.get(2).timestampMicros(), "one microsecond after the instance's last stamp");
            now.set(T + 1_000);
            assertEquals(T + 1_000, await(bob.sendMessage("b4")).timestampMicros(), "the wall clock again once it is ahead");
        }
    }

    /** The reported case: alice and bob send, the deployment is reopened with the clock 10 minutes behind. */
    @Test
    void shouldKeepSendingOrderAcrossARestartWithTheClockBehind(@TempDir Path dir) {
        List<Message> sent = new ArrayList<>();
        AtomicLong now = new AtomicLong(T);
        try (Deployment d = ring(dir, now)) {
            sendFirstMessages(d.instance("vub.be"), now, sent);
        }
        now.set(T - TEN_MINUTES);
        try (Deployment d = ring(dir, now)) {
            Instance vub = d.instance("vub.be");
            sendAlternately(await(vub.logIn("alice")), await(vub.logIn("bob")), sent);
            checkOrder(d, await(vub.logIn("carol")), sent);
            Session dave = await(vub.registerUser("dave")); // a sender with no stamp of its own yet
            assertTrue(await(dave.sendMessage("d1")).timestampMicros() > sent.get(sent.size() - 1).timestampMicros());
        }
    }

    private static Deployment ring(Path dir, AtomicLong now) {
        return Deployment.builder().instances("vub.be").engine(EngineKind.RING).shardsPerInstance(4)
                .dataDirectory(dir).clock(now::get).start();
    }

    /** alice, bob and carol (who follows both); alice sends a1 at T, bob b1 at T + 10. */
    private static Session[] sendFirstMessages(Instance vub, AtomicLong now, List<Message> sent) {
        Session alice = await(vub.registerUser("alice"));
        Session bob = await(vub.registerUser("bob"));
        Session carol = await(vub.registerUser("carol"));
        await(carol.follow("alice"));
        await(carol.follow("bob"));
        now.set(T);
        sent.add(await(alice.sendMessage("a1")));
        now.set(T + 10);
        sent.add(await(bob.sendMessage("b1")));
        return new Session[] {alice, bob, carol};
    }

    private static void sendAlternately(Session alice, Session bob, List<Message> sent) {
        sent.add(await(alice.sendMessage("a2")));
        sent.add(await(bob.sendMessage("b2")));
        sent.add(await(alice.sendMessage("a3")));
        sent.add(await(bob.sendMessage("b3")));
    }

    /** Carol's timeline is the messages in sending order, newest first, and so are the stamps. */
    private static void checkOrder(Deployment d, Session carol, List<Message> sent) {
        assertTrue(d.awaitQuiescent(QUIET));
        for (int i = 1; i < sent.size(); i++) {
            assertTrue(sent.get(i).timestampMicros() > sent.get(i - 1).timestampMicros(),
                    sent.get(i).text() + " stamped after " + sent.get(i - 1).text());
        }
        List<String> expected = new ArrayList<>(sent.stream().map(Message::text).toList());
        java.util.Collections.reverse(expected);
        assertEquals(expected, await(carol.timeline(10)).stream().map(Message::text).toList());
    }
}
