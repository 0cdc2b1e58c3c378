package dev.starling.runtime;

import org.agrona.IoUtil;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Directories a process names {@code PREFIX<pid>-...} and removes on exit, left behind when it
 * was killed (SIGKILL, a crash): an embedded media driver's (about 100 MB of term buffers under
 * {@code /dev/shm}, so of memory) or a run's temporary stores. The next process removes those
 * whose process is gone.
 */
public final class OrphanDirectories {

    private OrphanDirectories() {
    }

    /**
     * Removes the directories in {@code root} named {@code prefix}, a process id, {@code -} and
     * anything, whose process no longer runs; those of live processes, and names that do not
     * parse, are left. Failures (another user's directory, say) are ignored.
     *
     * @return how many were removed
     */
    public static int remove(Path root, String prefix) {
        int removed = 0;
        try (DirectoryStream<Path> found = Files.newDirectoryStream(root, prefix + "*")) {
            for (Path dir : found) {
                long pid = pidOf(dir.getFileName().toString(), prefix);
                if (pid > 0 && ProcessHandle.of(pid).isEmpty() && Files.isDirectory(dir)) {
                    IoUtil.delete(dir.toFile(), true);
                    removed += Files.exists(dir) ? 0 : 1;
                }
            }
        } catch (IOException | RuntimeException e) {
            return removed; // a root that cannot be listed has nothing to remove
        }
        return removed;
    }

    /** The process id in {@code name} ({@code prefix<pid>-...}), or -1. */
    static long pidOf(String name, String prefix) {
        int end = name.indexOf('-', prefix.length());
        if (!name.startsWith(prefix) || end <= prefix.length()) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(prefix.length(), end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
