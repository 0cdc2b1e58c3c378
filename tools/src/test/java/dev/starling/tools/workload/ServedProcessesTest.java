package dev.starling.tools.workload;

import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.federation.Deployment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Instances as serve child processes: they federate, answer connect clients, and leave nothing behind. */
@Tag("slow")
class ServedProcessesTest {

    @Test
    void shouldServeEachInstanceInItsOwnProcessAndStopThemAll() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        DeploymentSpec spec = DeploymentSpec.asProcesses(Placement.generated(2), 1, 2);
        SocialGraph graph = SocialGraph.of(new int[][] {{1}, {0}, {0, 1}});
        Path root;
        List<ProcessHandle> children;
        try (LoadedDeployment loaded = LoadedDeployment.load(spec, graph, 1, quiet)) {
            Map<String, String> endpoints = loaded.processes().endpoints();
            assertEquals(List.of("i0.starling", "i1.starling"), List.copyOf(endpoints.keySet()));
            children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
            assertEquals(2, children.size(), "one serve process per instance");
            root = Path.of(loaded.processes().toString());
            Deployment d = loaded.deployment();
            Session u2 = loaded.sessions()[2]; // u2 lives on i0.starling and follows u0 (i0) and u1 (i1)
            Session u1 = loaded.sessions()[1];
            u1.sendMessage("from the other process").join();
            assertTrue(d.awaitQuiescent(Duration.ofSeconds(60)));
            List<Message> timeline = u2.timeline(10).join();
            assertEquals("from the other process", timeline.get(0).text(), "a delivery crossed processes");
            assertEquals(3, timeline.size(), "the seed messages of u0 and u1, then the new one");
        }
        children.forEach(child -> assertFalse(child.isAlive(), "stopped on close: " + child.pid()));
        assertFalse(Files.exists(root), "data directories removed on close");
    }
}
