package dev.starling.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only the directories of processes that are gone are removed. */
class OrphanDirectoriesTest {

    private static final String PREFIX = "starling-aeron-";

    @Test
    void shouldRemoveTheDirectoriesOfEndedProcessesOnly(@TempDir Path root) throws Exception {
        Process ended = new ProcessBuilder("true").start();
        assertTrue(ended.waitFor(30, TimeUnit.SECONDS));
        Path orphan = Files.createDirectories(root.resolve(PREFIX + ended.pid() + "-123").resolve("publications"));
        Files.writeString(orphan.resolve("term"), "bytes");
        Path live = Files.createDirectories(root.resolve(PREFIX + ProcessHandle.current().pid() + "-456"));
        Path shared = Files.createDirectories(root.resolve(PREFIX + "root"));
        Path noPid = Files.createDirectories(root.resolve(PREFIX + "x1-2"));
        Path other = Files.createDirectories(root.resolve("starling-run-" + ended.pid() + "-9"));
        Path target = Files.createDirectories(root.resolve("someone-else's"));
        Files.writeString(target.resolve("precious"), "kept");
        Path planted = Files.createSymbolicLink(root.resolve(PREFIX + ended.pid() + "-777"), target);
        Files.createSymbolicLink(orphan.resolve("link-out"), target); // inside an orphan: the link goes, not its target

        assertEquals(1, OrphanDirectories.remove(root, PREFIX));
        assertFalse(Files.exists(orphan.getParent()), "the ended process's directory, with its files");
        assertTrue(Files.exists(live), "a live process's");
        assertTrue(Files.exists(shared), "a name without a process id");
        assertTrue(Files.exists(noPid));
        assertTrue(Files.exists(other), "another prefix");
        assertTrue(Files.isSymbolicLink(planted), "a link named like an orphan is not followed");
        assertEquals("kept", Files.readString(target.resolve("precious")), "nothing behind a link is deleted");
        assertEquals(0, OrphanDirectories.remove(root.resolve("missing"), PREFIX), "a root that is not there");
    }

    @Test
    void shouldReadTheProcessIdAfterThePrefix() {
        assertEquals(42, OrphanDirectories.pidOf("starling-run-42-77", "starling-run-"));
        assertEquals(-1, OrphanDirectories.pidOf("starling-run-42", "starling-run-"));
        assertEquals(-1, OrphanDirectories.pidOf("starling-run--7", "starling-run-"));
        assertEquals(-1, OrphanDirectories.pidOf("other-42-7", "starling-run-"));
    }
}
