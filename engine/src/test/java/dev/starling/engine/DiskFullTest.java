package dev.starling.engine;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import dev.starling.engine.store.Ids;
import dev.starling.engine.store.LongCell;
import dev.starling.engine.store.PairKey;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StoreSizing;
import dev.starling.engine.store.TimelineWindow;
import dev.starling.spi.StoreUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Writes that find a store out of room when no generation can be added (the disk full, played
 * here by a non-empty directory planted where the store's next generation file goes, which the
 * store cannot replace): an operation of several writes fails with {@code STORAGE_FULL} before
 * its first write, so no half of it is left behind, and it succeeds once there is room; a home
 * timeline that cannot move to a larger window keeps its window and drops its oldest entry.
 */
class DiskFullTest {

    /** The smallest stores: each runs out of room after a few hundred entries. */
    private static final StoreSizing SMALLEST = new StoreSizing(1, 1, 1, 40);
    private static final int MOST_WRITES = 100_000;

    /**
     * A registration writes a user record, a home timeline and two names (the user sequence and
     * the name): with any of the three stores unable to grow, the registration that finds no room
     * leaves nothing, and the next one after the disk has room takes the very next user number.
     */
    @ParameterizedTest
    @ValueSource(strings = {"users", "home-timelines", "names"})
    void shouldRefuseARegistrationBeforeItsFirstWrite(String store, @TempDir Path dir) throws IOException {
        try (ShardFixture shard = new ShardFixture(dir, 1, SMALLEST)) {
            Path blocker = blockGrowth(dir, shard, store);
            List<UserOperations.Account> registered = new ArrayList<>();
            StarlingException full = untilFull(() -> registered.add(shard.register("u" + registered.size())));
            assertEquals(ErrorCode.STORAGE_FULL, full.code());
            int n = registered.size();
            assertTrue(n > 0, "room for some users first");
            String refused = "u" + n;
            assertEquals(n, entries(shard, "users"), "no user record of the refused registration");
            assertEquals(n, entries(shard, "home-timelines"), "no timeline of the refused registration");
            assertEquals(ErrorCode.UNKNOWN_USER, codeOf(() -> shard.of(refused).logIn(refused)));

            unblock(blocker);
            UserOperations.Account next = shard.register(refused);
            assertEquals(Ids.userId(ShardFixture.INSTANCE, 0, n), next.userId(),
                    "the next user number, none skipped or given twice");
            assertEquals(next, shard.of(refused).logIn(refused));
            assertEquals(n + 1, entries(shard, "users"));
        }
    }

    /**
     * A follow writes the edge, then the followed user's follower slot and its count: with
     * either store unable to grow, the follow that finds no room records neither half, and its
     * retry once there is room records both, so the follower gets the followed user's messages.
     */
    @ParameterizedTest
    @ValueSource(strings = {"following", "followers"})
    void shouldRefuseAFollowBeforeItsFirstWrite(String store, @TempDir Path dir) throws IOException {
        try (ShardFixture shard = new ShardFixture(dir, 1, SMALLEST)) {
            UserOperations.Account alice = shard.register("alice");
            List<UserOperations.Account> targets = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                targets.add(shard.register("t" + i));
            }
            Path blocker = blockGrowth(dir, shard, store);
            UserOperations ops = shard.of("alice");
            int[] followed = {0};
            StarlingException full = untilFull(() -> {
                if (followed[0] == targets.size()) {
                    fail(store + " never ran out of room in " + targets.size() + " follows");
                }
                ops.follow(alice.userId(), "alice@" + ShardFixture.DOMAIN, targets.get(followed[0]).localName());
                followed[0]++;
            });
            assertEquals(ErrorCode.STORAGE_FULL, full.code());
            int n = followed[0];
            assertTrue(n > 0, "room for some follows first");
            assertEquals(n, entries(shard, "following"), "no edge of the refused follow");
            UserOperations.Account refused = targets.get(n);
            shard.drain();
            assertEquals(0, followerCount(shard, refused.userId()), "no follower of the refused follow");

            unblock(blocker);
            ops.follow(alice.userId(), "alice@" + ShardFixture.DOMAIN, refused.localName());
            shard.drain();
            assertEquals(1, followerCount(shard, refused.userId()));
            Message sent = shard.send(refused, "after the retry", 1_000);
            shard.drain();
            assertEquals(List.of(sent), shard.timeline(alice.userId()));
        }
    }

    /**
     * A timeline outgrowing its window when the timelines store cannot grow: every delivery is
     * still taken, the window keeps its size and drops its oldest entries.
     */
    @Test
    void shouldKeepATimelinesWindowWhenNoLargerOneFits(@TempDir Path dir) throws IOException {
        try (ShardFixture shard = new ShardFixture(dir, 1, SMALLEST)) {
            blockGrowth(dir, shard, "home-timelines");
            List<UserOperations.Account> registered = new ArrayList<>();
            untilFull(() -> registered.add(shard.register("u" + registered.size())));
            UserOperations.Account reader = registered.get(0);
            UserOperations.Account sender = registered.get(1);
            shard.of(reader.userId()).follow(reader.userId(), "u0@" + ShardFixture.DOMAIN, sender.localName());
            shard.drain();
            List<Message> sent = new ArrayList<>();
            int messages = TimelineWindow.INITIAL_CAPACITY * 3;
            for (int i = 0; i < messages; i++) {
                sent.add(0, shard.send(sender, "m" + i, 1_000 + i));
                shard.drain();
            }
            assertEquals(sent.subList(0, TimelineWindow.INITIAL_CAPACITY), shard.timeline(reader.userId()),
                    "the newest that the first window holds, newest first");
            assertEquals(messages, shard.of(sender.userId()).profile(sender.localName(), 1_000, Long.MAX_VALUE).size());
        }
    }

    /**
     * Plants a non-empty directory where {@code store}'s next generation file goes: the store can
     * no longer add a generation (it cannot delete the directory to create its file).
     */
    private static Path blockGrowth(Path dir, ShardFixture shard, String store) throws IOException {
        int generations = shard.stores[0].usage().stream().filter(u -> u.store().equals(store))
                .mapToInt(StoreUsage::generations).findFirst().orElseThrow();
        Path next = dir.resolve("shard-0").resolve(store + "." + generations + ".cm3");
        Files.createDirectories(next);
        Files.writeString(next.resolve("in-the-way"), "");
        return next;
    }

    private static void unblock(Path blocker) throws IOException {
        Files.delete(blocker.resolve("in-the-way"));
        Files.delete(blocker);
    }

    /** Runs {@code write} until it fails, at most {@link #MOST_WRITES} times; the failure. */
    private static StarlingException untilFull(Runnable write) {
        for (int i = 0; i < MOST_WRITES; i++) {
            try {
                write.run();
            } catch (StarlingException e) {
                return e;
            }
        }
        throw new AssertionError("no store ran out of room in " + MOST_WRITES + " writes");
    }

    private static ErrorCode codeOf(Supplier<?> call) {
        return assertThrows(StarlingException.class, call::get).code();
    }

    private static long followerCount(ShardFixture shard, long userId) {
        LongCell count = shard.stores[0].followers.getUsing(new PairKey().set(userId, ShardStores.COUNT_SLOT), new LongCell());
        return count == null ? 0 : count.get();
    }

    private static long entries(ShardFixture shard, String store) {
        return shard.stores[0].usage().stream().filter(u -> u.store().equals(store))
                .mapToLong(StoreUsage::entries).findFirst().orElseThrow();
    }
}
