package dev.starling.engine;

import dev.starling.api.Message;
import dev.starling.engine.store.PairKey;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.TimelineWindow;
import dev.starling.engine.store.UserRecord;
import dev.starling.engine.store.LongCell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Home timeline windows that grow with what they hold, and the windows they replace. */
class HomeTimelinesTest {

    @TempDir
    Path dir;
    private ShardFixture f;
    private UserOperations.Account alice;
    private UserOperations.Account bob;

    @BeforeEach
    void open() {
        f = new ShardFixture(dir, 2);
        String bobName = "bob";
        for (int i = 0; f.directory.shardOfName(bobName) == f.directory.shardOfName("alice"); i++) {
            bobName = "bob" + i;
        }
        alice = f.of("alice").register("alice");
        bob = f.of(bobName).register(bobName);
        f.of(bob.userId()).follow(bob.userId(), bobName + "@vub.be", "alice");
        f.drain();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private List<Message> send(int messages, int from) {
        List<Message> sent = new ArrayList<>();
        for (int i = from; i < from + messages; i++) {
            sent.add(0, f.of(alice.userId()).send(alice.userId(), "alice@vub.be", "m" + i, 1_000 + i));
            f.drain();
        }
        return sent;
    }

    private ShardStores bobsStores() {
        return f.stores[f.directory.shardOfUser(bob.userId())];
    }

    private long windowNumber() {
        return bobsStores().users.getUsing(new LongCell().set(bob.userId()), new UserRecord()).windowNumber();
    }

    private TimelineWindow window(long number) {
        return bobsStores().timelines.getUsing(new PairKey().set(bob.userId(), number), TimelineWindow.view());
    }

    @Test
    void shouldDoubleAWindowBeforeItDropsAnEntryAndKeepEveryEntryInOrder() {
        List<Message> sent = send(TimelineWindow.INITIAL_CAPACITY, 0);
        assertEquals(0, windowNumber(), "16 entries fit the first window");
        assertEquals(TimelineWindow.INITIAL_CAPACITY, window(0).capacity());
        assertEquals(TimelineWindow.sizeOf(16), window(0).maxSize(), "a window's bytes follow its capacity");

        sent.addAll(0, send(1, 16));
        assertEquals(1, windowNumber(), "the 17th entry found a larger window");
        assertEquals(32, window(1).capacity());
        assertEquals(sent, timelineOfBob(), "no entry lost in the move, newest first");

        sent.addAll(0, send(1_000, 17));
        assertEquals(TimelineWindow.CAPACITY, window(windowNumber()).capacity(), "grown to the full window, no further");
        assertEquals(sent.subList(0, TimelineWindow.CAPACITY), timelineOfBob(), "the newest 800 kept");
    }

    private List<Message> timelineOfBob() {
        return f.of(bob.userId()).timeline(bob.userId(), 10_000, Long.MAX_VALUE, Long.MIN_VALUE);
    }

    @Test
    void shouldFreeAReplacedWindowOnlyOnceNoReaderIsInside() {
        send(TimelineWindow.INITIAL_CAPACITY, 0);
        f.readerInside = true;
        send(1, 16);
        UserOperations bobsShard = f.of(bob.userId());
        TimelineWindow old = window(0);
        assertNotNull(old, "kept while a reader may hold it");
        assertTrue(old.moved(), "marked, so that a reader holding it looks again");
        assertEquals(0, bobsShard.removeRetiredWindows());
        assertNotNull(window(0));

        f.readerInside = false;
        assertEquals(1, bobsShard.removeRetiredWindows());
        assertNull(window(0), "freed");
        assertEquals(0, bobsShard.removeRetiredWindows(), "once");
        assertEquals(17, window(1).size());
    }

    @Test
    void shouldLetAReaderThatKeptAReplacedWindowReadTheOneThatReplacedIt() {
        HomeWindow home = new HomeWindow(bob.userId());
        StoreReader reader = f.reader();
        List<Message> sent = send(10, 0);
        assertEquals(sent, reader.timeline(home, 100, Long.MAX_VALUE, Long.MIN_VALUE));
        f.readerInside = true; // the reader keeps window 0; its shard must not free it
        sent.addAll(0, send(30, 10));
        assertTrue(windowNumber() > 0);
        assertEquals(sent, reader.timeline(home, 100, Long.MAX_VALUE, Long.MIN_VALUE),
                "the kept window says it moved; the reader looks the user's window up again");
    }

    @Test
    void shouldRemoveWindowsNoUserPointsAtWhenRepairingAfterAKill() {
        send(20, 0); // window 1 is current
        ShardStores stores = bobsStores();
        PairKey key = new PairKey();
        stores.timelines.put(key.set(bob.userId(), 0), new TimelineWindow(16).clear()); // an old one left behind
        stores.timelines.put(key.set(bob.userId(), 2), new TimelineWindow(64).clear()); // a copy never pointed at
        CrashRepair.repair(ShardFixture.DOMAIN, ShardFixture.INSTANCE, f.stores, ShardFixture.BACKFILL);
        assertFalse(stores.timelines.containsKey(key.set(bob.userId(), 0)));
        assertFalse(stores.timelines.containsKey(key.set(bob.userId(), 2)));
        assertEquals(20, window(1).size(), "the current window kept whole");
    }
}
