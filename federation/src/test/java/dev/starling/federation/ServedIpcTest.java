package dev.starling.federation;

import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.engine.EngineSettings;
import dev.starling.federation.remote.RemoteEngine;
import dev.starling.federation.remote.ServedEngine;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.starling.federation.Api.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Served instances on one external media driver link over IPC (shared memory), not UDP; one on a
 * driver of its own is still reached over UDP. Follows and deliveries cross either way.
 */
@Tag("slow")
class ServedIpcTest {

    private static final Duration QUIET = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void shouldLinkInstancesSharingADriverOverIpc() {
        Path driver = sharedDriver();
        String vubAt = "127.0.0.1:" + Served.freePort();
        String ulbAt = "127.0.0.1:" + Served.freePort();
        ServedEngine vub = serve("vub.be", vubAt, "ulb.be", ulbAt, driver);
        ServedEngine ulb = serve("ulb.be", ulbAt, "vub.be", vubAt, driver);
        awaitTrue(() -> vub.federation().linksOverIpc().equals(List.of(ulbAt))
                && ulb.federation().linksOverIpc().equals(List.of(vubAt)), "both links up over IPC");
        assertFollowAndDeliveryCross(vub, ulb);
        assertEquals(0, vub.federation().rejected() + ulb.federation().rejected(), "nothing refused");

        RemoteEngine client = RemoteEngine.connect(Map.of("vub.be", vubAt, "ulb.be", ulbAt), Duration.ofSeconds(10), driver);
        opened.add(client);
        awaitTrue(() -> client.domainsOverIpc().size() == 2, "the client on the shared driver reaches both over IPC");
        Session carol = await(client.instance("ulb.be").registerUser("carol"));
        await(carol.follow("alice@vub.be"));
        assertEquals("over the link", await(carol.timeline(10)).get(0).text(), "a backfill, read over IPC");
    }

    /**
     * Three processes and two clients on one driver: the driver would hand every client the same
     * publication for the same channel and stream, so each link and each client takes a session,
     * and each client an answer stream, of its own.
     */
    @Test
    void shouldKeepProcessesAndClientsOfOneDriverApart() {
        Path driver = sharedDriver();
        String vubAt = "127.0.0.1:" + Served.freePort();
        String ulbAt = "127.0.0.1:" + Served.freePort();
        String kulAt = "127.0.0.1:" + Served.freePort();
        ServedEngine vub = serve("vub.be", vubAt, Map.of("ulb.be", ulbAt, "kul.be", kulAt), driver);
        ServedEngine ulb = serve("ulb.be", ulbAt, Map.of("vub.be", vubAt, "kul.be", kulAt), driver);
        ServedEngine kul = serve("kul.be", kulAt, Map.of("vub.be", vubAt, "ulb.be", ulbAt), driver);
        awaitTrue(() -> vub.federation().linksOverIpc().size() == 2 && ulb.federation().linksOverIpc().size() == 2
                && kul.federation().linksOverIpc().size() == 2, "every link up over IPC");
        Session alice = await(vub.instance("vub.be").registerUser("alice"));
        Session bob = await(ulb.instance("ulb.be").registerUser("bob"));
        Session carol = await(kul.instance("kul.be").registerUser("carol"));
        await(carol.follow("alice@vub.be"));
        await(carol.follow("bob@ulb.be"));
        Message fromAlice = await(alice.sendMessage("from vub.be"));
        Message fromBob = await(bob.sendMessage("from ulb.be"));
        assertTrue(vub.awaitQuiescent(QUIET) && ulb.awaitQuiescent(QUIET) && kul.awaitQuiescent(QUIET),
                "both links into kul.be settle");
        assertEquals(List.of(fromBob, fromAlice), await(carol.timeline(10)));
        assertEquals(0, kul.federation().rejected(), "kul.be heard both senders");

        RemoteEngine first = RemoteEngine.connect(Map.of("vub.be", vubAt), Duration.ofSeconds(10), driver);
        opened.add(first);
        RemoteEngine second = RemoteEngine.connect(Map.of("vub.be", vubAt), Duration.ofSeconds(10), driver);
        opened.add(second);
        awaitTrue(() -> first.domainsOverIpc().size() == 1 && second.domainsOverIpc().size() == 1, "both over IPC");
        List<CompletableFuture<Session>> firsts = new ArrayList<>();
        List<CompletableFuture<Session>> seconds = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            firsts.add(first.instance("vub.be").registerUser("first" + i));
            seconds.add(second.instance("vub.be").registerUser("second" + i));
        }
        for (int i = 0; i < 50; i++) {
            assertEquals("first" + i + "@vub.be", await(firsts.get(i)).user(), "each client its own answers");
            assertEquals("second" + i + "@vub.be", await(seconds.get(i)).user());
        }
    }

    @Test
    void shouldServeAClientOnAnotherDriverOverUdp() {
        Path driver = sharedDriver();
        String vubAt = "127.0.0.1:" + Served.freePort();
        ServedEngine vub = serve("vub.be", vubAt, "ulb.be", "127.0.0.1:" + Served.freePort(), driver);
        RemoteEngine client = RemoteEngine.connect(Map.of("vub.be", vubAt), Duration.ofSeconds(10), null);
        opened.add(client);
        Session dave = await(client.instance("vub.be").registerUser("dave"));
        assertEquals(dave.user(), await(vub.instance("vub.be").logIn("dave")).user());
        assertTrue(client.domainsOverIpc().isEmpty(), "its own embedded driver: UDP");
    }

    @Test
    void shouldLinkOverUdpToAPeerOnAnotherDriver() {
        Path driver = sharedDriver();
        String vubAt = "127.0.0.1:" + Served.freePort();
        String ulbAt = "127.0.0.1:" + Served.freePort();
        ServedEngine vub = serve("vub.be", vubAt, "ulb.be", ulbAt, driver);
        ServedEngine ulb = serve("ulb.be", ulbAt, "vub.be", vubAt, null); // an embedded driver of its own
        awaitTrue(() -> vub.federation().linksUp().get(ulbAt) && ulb.federation().linksUp().get(vubAt),
                "both links up");
        assertTrue(vub.federation().linksOverIpc().isEmpty(), "no IPC to a peer on another driver");
        assertFollowAndDeliveryCross(vub, ulb);
    }

    private void assertFollowAndDeliveryCross(ServedEngine vub, ServedEngine ulb) {
        Session alice = await(vub.instance("vub.be").registerUser("alice"));
        Session bob = await(ulb.instance("ulb.be").registerUser("bob"));
        await(bob.follow("alice@vub.be"));
        await(alice.follow("bob@ulb.be"));
        Message fromAlice = await(alice.sendMessage("over the link"));
        Message fromBob = await(bob.sendMessage("and back"));
        assertTrue(vub.awaitQuiescent(QUIET) && ulb.awaitQuiescent(QUIET));
        assertEquals(List.of(fromAlice), await(bob.timeline(10)));
        assertEquals(List.of(fromBob), await(alice.timeline(10)));
    }

    /** A media driver as {@code aeronmd} would run it, on a directory the served instances share. */
    private Path sharedDriver() {
        Path directory = dir.resolve("aeron");
        MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(directory.toString())
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
        opened.add(driver);
        return directory;
    }

    private ServedEngine serve(String domain, String at, String peer, String peerAt, Path driver) {
        return serve(domain, at, Map.of(peer, peerAt), driver);
    }

    private ServedEngine serve(String domain, String at, Map<String, String> peers, Path driver) {
        EngineSettings settings = new EngineSettings().threads(1).shardsPerInstance(2).expectedLoad(100, 20, 10)
                .dataDirectory(dir.resolve(domain));
        ServedEngine served = ServedEngine.start(List.of(domain), settings, at, peers, driver);
        opened.add(served);
        return served;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 30 s: " + what);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
