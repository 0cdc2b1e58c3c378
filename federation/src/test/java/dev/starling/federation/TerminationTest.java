package dev.starling.federation;

import dev.starling.api.Instance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.starling.federation.Api.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A RING engine still open when its process is asked to stop (SIGTERM, as Ctrl-C or a service
 * manager sends it) closes itself: a temporary data directory is removed, and a persisted one is
 * left closed, so the next start needs no recovery.
 */
@Tag("slow")
class TerminationTest {

    @Test
    void shouldRemoveTheTemporaryDirectoryWhenTerminated() throws Exception {
        Path dir = terminateChild();
        assertFalse(Files.exists(dir), dir + " was removed");
    }

    @Test
    void shouldCloseAPersistedDirectoryCleanlyWhenTerminated(@TempDir Path data) throws Exception {
        Path dir = terminateChild(data.toString());
        assertEquals(data, dir);
        try (Stream<Path> files = Files.walk(data)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("OPEN")), "no shard left open");
        }
        try (Deployment again = Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(1)
                .shardsPerInstance(2).expectedLoad(100, 10, 5).dataDirectory(data).start()) {
            Instance vub = again.instance("vub.be");
            assertEquals("alice@vub.be", await(vub.logIn("alice")).user());
        }
    }

    /** Starts {@link HoldOpenMain}, sends it SIGTERM once ready, and returns the directory it used. */
    private static Path terminateChild(String... args) throws Exception {
        List<String> command = ChildJvm.command("256m", HoldOpenMain.class, args);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
                seen.append(line).append('\n');
            }
            assertTrue(line != null, "the child never became ready:\n" + seen);
            Path dir = Path.of(line.substring("READY ".length()));
            assertTrue(Files.isDirectory(dir));
            child.destroy(); // SIGTERM: the JVM runs its shutdown hooks
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child stopped");
            assertEquals(143, child.exitValue(), "128 + SIGTERM");
            return dir;
        } finally {
            child.destroyForcibly();
        }
    }
}
