package dev.starling.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;

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
     * anything, whose process no longer runs, that this process's user owns and that are
     * directories themselves (a symbolic link is never followed: {@code /dev/shm} is writable by
     * every user). Those of live processes, of other users, and names that do not parse are left;
     * failures are ignored.
     *
     * @return how many were removed
     */
    public static int remove(Path root, String prefix) {
        int removed = 0;
        try (DirectoryStream<Path> found = Files.newDirectoryStream(root, prefix + "*")) {
            UserPrincipal me = null;
            for (Path dir : found) {
                long pid = pidOf(dir.getFileName().toString(), prefix);
                if (pid <= 0 || ProcessHandle.of(pid).isPresent()
                        || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (me == null) {
                    me = root.getFileSystem().getUserPrincipalLookupService()
                            .lookupPrincipalByName(System.getProperty("user.name"));
                }
                if (!me.equals(Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS))) {
                    continue;
                }
                if (deleteTree(dir)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            return removed; // a root that cannot be listed has nothing to remove
        }
        return removed;
    }

    /** Deletes {@code dir} and what it holds, links themselves and not their targets; true when it is gone. */
    private static boolean deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() { // does not follow links
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path visited, IOException e) throws IOException {
                    Files.deleteIfExists(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (IOException e) {
            return false;
        }
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
