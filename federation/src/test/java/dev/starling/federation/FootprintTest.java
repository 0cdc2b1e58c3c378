package dev.starling.federation;

import dev.starling.api.Instance;
import dev.starling.api.Session;
import dev.starling.engine.store.TimelineWindow;
import dev.starling.spi.StoreUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a RING data directory takes on disk: about what its stores are sized for, then what they hold. */
class FootprintTest {

    /**
     * Stores sized for 100,000 users with 20 follows and 5 messages each (the shape of {@code
     * ./starling load}): 597 MB measured (6 KiB per expected user: a window of about 133 entries
     * and no headroom). Before, about 41 KiB (a full 800-entry window each, 100 messages of
     * headroom per user): 827 MB for 20,000 users loaded by {@code ./starling load --users 20000}.
     */
    private static final long BYTES_PER_EXPECTED_USER = 7 * 1024;

    @Test
    void shouldStartAtAFewKibPerExpectedUser(@TempDir Path dir) {
        try (Deployment d = Deployment.builder().instances("vub.be").shardsPerInstance(4)
                .expectedLoad(100_000, 5, 20).dataDirectory(dir).start()) {
            long bytes = d.metrics().dataDirectoryBytes();
            assertTrue(bytes > 0, "the data directory's size is reported");
            assertTrue(bytes < 100_000 * BYTES_PER_EXPECTED_USER, "an empty deployment sized for 100,000 users takes "
                    + bytes / (1 << 20) + " MiB, under " + 100_000 * BYTES_PER_EXPECTED_USER / (1 << 20) + " MiB");
        }
    }

    @Test
    void shouldGrowTheTimelinesStoreWithTheEntriesItsWindowsHold(@TempDir Path dir) throws Exception {
        try (Deployment d = Deployment.builder().instances("vub.be").shardsPerInstance(1)
                .expectedLoad(10, 1, 1).dataDirectory(dir).start()) {
            Instance vub = d.instance("vub.be");
            Session alice = vub.registerUser("alice").get(5, TimeUnit.SECONDS);
            List<Session> followers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Session follower = vub.registerUser("f" + i).get(5, TimeUnit.SECONDS);
                follower.follow("alice").get(5, TimeUnit.SECONDS);
                followers.add(follower);
            }
            long empty = timelineBytes(d);
            for (int i = 0; i < 500; i++) {
                alice.sendMessage("m" + i).get(5, TimeUnit.SECONDS);
            }
            assertTrue(d.awaitQuiescent(Duration.ofSeconds(30)));
            for (Session follower : followers) {
                assertEquals(500, follower.timeline(1_000).get(5, TimeUnit.SECONDS).size());
            }
            long grown = timelineBytes(d);
            long entries = 200L * 500 * 16;
            assertTrue(grown > empty + entries, "200 timelines of 500 entries of 16 bytes (" + entries + " bytes): "
                    + empty + " bytes of store before, " + grown + " after");
            assertTrue(grown < 200 * TimelineWindow.SIZE * 3, "windows of 512, not " + TimelineWindow.CAPACITY
                    + " entries (with the store's slack): " + grown + " bytes");
        }
    }

    private static long timelineBytes(Deployment d) {
        return d.metrics().storeTotals().stream().filter(u -> u.store().equals("home-timelines"))
                .mapToLong(StoreUsage::bytes).sum();
    }
}
