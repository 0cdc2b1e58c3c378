package dev.starling.engine.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A window read from another thread while its writer inserts: every copy that {@link
 * TimelineWindow#readNewest} accepts is a state the window really had (sorted newest first, no
 * entry twice, never more than the window holds), however the writer's shifts interleave. Without
 * the version check, copies taken during a shift show an entry twice or out of order.
 */
class TimelineWindowConcurrentReadTest {

    /** How long the writer keeps inserting while the reader copies. */
    private static final long WRITING_NANOS = 700_000_000L;

    @Test
    void shouldOnlyAcceptCopiesOfARealStateWhileTheWriterShiftsEntries(@TempDir Path dir) throws Exception {
        try (ShardStores stores = new ShardStores(dir, new StoreSizing(10, 10, 10, 40))) {
            PairKey key = new PairKey().set(1, 0);
            stores.timelines.put(key, new TimelineWindow().clear());
            TimelineWindow writerView = stores.timelines.getUsing(key, TimelineWindow.view());
            writerView.pin();
            TimelineWindow readerView = stores.timelines.getUsing(new PairKey().set(1, 0), TimelineWindow.view());
            readerView.pin();

            AtomicBoolean done = new AtomicBoolean();
            AtomicLong accepted = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                long[] stamps = new long[TimelineWindow.CAPACITY];
                long[] ids = new long[TimelineWindow.CAPACITY];
                while (!done.get() && violations.isEmpty()) {
                    int n = readerView.readNewest(Long.MAX_VALUE, 10_000, stamps, ids);
                    if (n < 0) {
                        refused.incrementAndGet();
                        continue;
                    }
                    accepted.incrementAndGet();
                    for (int k = 0; k < n; k++) { // strictly decreasing: sorted, and no entry twice
                        if (k > 0 && (stamps[k] > stamps[k - 1] || (stamps[k] == stamps[k - 1] && ids[k] >= ids[k - 1]))) {
                            violations.add("entry " + k + " out of order or repeated in a copy of " + n);
                        } else if (stamps[k] != ids[k] / 2) {
                            violations.add("entry " + k + " pairs stamp " + stamps[k] + " with id " + ids[k]);
                        }
                    }
                }
            }, "window-reader");
            reader.start();
            // Mostly newest-first appends, and every third entry older than the head by a few, so
            // that inserts shift the newer entries up (the interleaving a reader must not see).
            long end = System.nanoTime() + WRITING_NANOS;
            for (long i = 1; System.nanoTime() < end && violations.isEmpty(); i++) {
                long stamp = i % 3 == 0 ? Math.max(1, 10 * i - 25) : 10 * i;
                writerView.insert(stamp, stamp * 2 + (i & 1));
            }
            done.set(true);
            reader.join();
            assertEquals(List.of(), violations.subList(0, Math.min(5, violations.size())));
            assertTrue(accepted.get() > 100, "the reader got copies: " + accepted.get() + " (" + refused.get() + " refused)");
        }
    }
}
