package dev.starling.tools.workload;

import dev.starling.engine.RingEngine;
import dev.starling.engine.store.ShardStores;
import dev.starling.engine.store.StoreSizing;
import dev.starling.engine.store.TimelineWindow;
import dev.starling.runtime.OrphanDirectories;
import org.agrona.IoUtil;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a run needs before it starts: the disk (or memory, under {@code /dev/shm}) its RING
 * stores take, and the heap its graph and sessions take, each against what the machine has; and
 * the temporary directory that every temporary deployment of this process lives in, removed when
 * the process ends, also on SIGTERM.
 *
 * <p>The store estimate mirrors how the engine sizes a shard's Chronicle Maps
 * ({@code EngineSettings.storeSizing}: users per instance x 5/4 over the shards; {@code
 * ShardStores}: entries per map), with the bytes per entry measured on the maps as created
 * (allocated blocks, Chronicle Map 2026.1): about 0.25 KiB per user for its record and name, 1.25
 * times the average home timeline window it is sized for ({@code ShardStores.averageWindowCapacity}:
 * 16 bytes an entry), 0.16 KiB per expected message and 0.065 KiB per expected follow, plus 2 MiB
 * per shard.
 */
public final class Capacity {

    private static final double KIB_PER_USER = 0.25;
    private static final double TIMELINE_OVERHEAD = 1.25;
    private static final double KIB_PER_MESSAGE = 0.16;
    private static final double KIB_PER_FOLLOW = 0.065;
    private static final long BYTES_PER_SHARD = 2L << 20;
    /** Heap per user (session, graph arrays) and per follow (graph and load arrays), with room to spare. */
    private static final long HEAP_PER_USER = 256;
    private static final long HEAP_PER_FOLLOW = 16;
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final String RUN_PREFIX = "starling-run-";

    private Capacity() {
    }

    /**
     * Bytes the stores of a RING deployment take when created, from what they are sized for (the
     * arguments of {@code Deployment.Builder.expectedLoad}).
     */
    public static long storeBytes(int instances, int shards, long usersPerInstance, long messagesPerUser,
                                  long followsPerUser) {
        long usersPerShard = Math.max(16, usersPerInstance * 5 / 4 / shards + 1);
        double window = TIMELINE_OVERHEAD * TimelineWindow.sizeOf(ShardStores.averageWindowCapacity(
                new StoreSizing(usersPerShard, Math.max(1, messagesPerUser), Math.max(1, followsPerUser), 64))) / 1024.0;
        double kib = usersPerShard * (KIB_PER_USER + window + KIB_PER_MESSAGE * messagesPerUser
                + KIB_PER_FOLLOW * followsPerUser);
        return (long) instances * shards * ((long) (kib * 1024) + BYTES_PER_SHARD);
    }

    /** Heap a graph of {@code users} and {@code follows} takes while loaded, with its sessions. */
    public static long heapBytes(long users, long follows) {
        return users * HEAP_PER_USER + follows * HEAP_PER_FOLLOW;
    }

    /**
     * Refuses stores that do not fit where they go: one line with the estimate and the free space.
     *
     * @param directory where the stores go (a data directory, or null for a temporary one)
     */
    public static void checkStores(long bytes, Path directory) {
        Path where = directory != null ? existingAncestor(directory) : temporaryRoot();
        long free = freeBytes(where);
        if (directory == null && where.getFileName() != null && where.getFileName().toString().startsWith(RUN_PREFIX)) {
            where = where.getParent(); // this process's own directory: name where it is
        }
        if (bytes > free) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the RING stores need about %s in %s, which has"
                            + " %s free%s; lower the users (or followers), or point %s elsewhere", size(bytes), where,
                    size(free), isMemory(where) ? " (a tmpfs: memory, less this JVM's heap)" : "",
                    directory != null ? "--data" : "-D" + RingEngine.TEMPORARY_ROOT_PROPERTY + " (STARLING_JAVA_OPTS)"));
        }
    }

    /** Refuses a graph that the heap cannot hold: one line with the estimate and the heap's limit. */
    public static void checkHeap(long users, long follows) {
        long needed = heapBytes(users, follows);
        long max = Runtime.getRuntime().maxMemory();
        if (needed > max * 3 / 4) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%,d users and %,d follows need about %s of"
                            + " heap, more than 3/4 of this JVM's %s; lower them or raise the heap (STARLING_HEAP=-Xmx16g)",
                    users, follows, size(needed), size(max)));
        }
    }

    /** Where temporary data directories go: the engine's own rule. */
    public static Path temporaryRoot() {
        return RingEngine.temporaryRoot();
    }

    /**
     * Makes this process's own directory for temporary deployments under {@link #temporaryRoot()}
     * and removes it when the process ends, SIGTERM included, whatever phase it is in (even while
     * an engine is still creating its stores, when the engine's own clean-up is not armed yet).
     */
    public static void installTemporaryRoot() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        Path own;
        try {
            Path base = temporaryRoot();
            Files.createDirectories(base);
            OrphanDirectories.remove(base, RUN_PREFIX); // runs that were killed
            own = Files.createTempDirectory(base, RUN_PREFIX + ProcessHandle.current().pid() + "-");
        } catch (IOException | RuntimeException e) {
            return; // deployments then make their temporary directories where the engine says
        }
        System.setProperty(RingEngine.TEMPORARY_ROOT_PROPERTY, own.toString());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> removeWhileWritten(own), "starling-remove-temporary"));
    }

    /** Removes a directory that a store being created may still write into: again until it stays gone. */
    static void removeWhileWritten(Path dir) {
        for (int pass = 0; pass < 20 && Files.exists(dir); pass++) {
            IoUtil.delete(dir.toFile(), true);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Free bytes where files go; under a tmpfs no more than the memory available. */
    public static long freeBytes(Path dir) {
        try {
            FileStore store = Files.getFileStore(dir);
            long free = store.getUsableSpace();
            if (isMemory(dir)) { // the JVM's heap needs its share of the same memory
                free = Math.min(free, memAvailable() - Runtime.getRuntime().maxMemory());
            }
            return Math.max(0, free);
        } catch (IOException e) {
            return Long.MAX_VALUE; // unknown: let the run try
        }
    }

    /** Bytes in use on the file system of {@code dir} (for progress while stores are created), or -1. */
    static long usedBytes(Path dir) {
        try {
            FileStore store = Files.getFileStore(existingAncestor(dir));
            return store.getTotalSpace() - store.getUnallocatedSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    static boolean isMemory(Path dir) {
        try {
            return "tmpfs".equals(Files.getFileStore(existingAncestor(dir)).type());
        } catch (IOException e) {
            return false;
        }
    }

    private static long memAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
        return Long.MAX_VALUE;
    }

    static Path existingAncestor(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Path.of("/") : p;
    }

    /** Bytes in the unit that shows them: 840 MiB, 19.6 GiB. */
    public static String size(long bytes) {
        if (bytes >= 1L << 40) {
            return String.format(Locale.ROOT, "%,.1f TiB", bytes / (double) (1L << 40));
        }
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%,d MiB", Math.max(1, bytes >> 20));
    }
}
