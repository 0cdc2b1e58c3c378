package dev.starling.tools.perf;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes allocated on the heap by every thread of this JVM between two moments, from HotSpot's
 * per-thread counters ({@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long[])}).
 * They count exactly what each thread allocated (TLAB refills included), independent of when
 * the garbage collector runs, unlike heap-usage deltas. A thread that ends between the two moments
 * takes its count with it; the gate's threads (engine threads, the timer that paces clients, the
 * main thread) live through a whole measurement.
 */
final class AllocationMeter {

    private final com.sun.management.ThreadMXBean threads;

    AllocationMeter() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
                || !mx.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread");
        }
        mx.setThreadAllocatedMemoryEnabled(true);
        this.threads = mx;
    }

    /** Every live thread's allocated bytes so far, by thread id. */
    Map<Long, Long> snapshot() {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> snapshot = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                snapshot.put(ids[i], bytes[i]);
            }
        }
        return snapshot;
    }

    /** Bytes allocated since {@code before} by the threads alive now (new threads count from zero). */
    long since(Map<Long, Long> before) {
        long total = 0;
        for (Map.Entry<Long, Long> now : snapshot().entrySet()) {
            total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return total;
    }
}
