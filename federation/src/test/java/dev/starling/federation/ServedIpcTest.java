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
        EngineSettings settings = new EngineSettings().threads(1).shardsPerInstance(2).expectedLoad(100, 20, 10)
                .dataDirectory(dir.resolve(domain));
        ServedEngine served = ServedEngine.start(List.of(domain), settings, at, Map.of(peer, peerAt), driver);
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
