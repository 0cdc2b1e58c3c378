package dev.starling.tools.workload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadManifestTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadBackWhatAFinishedLoadWrote() {
        GraphSpec graph = GraphSpec.powerLaw(1_000, 20, 0.25, 7);
        LoadManifest written = new LoadManifest(graph, Placement.generated(2).domains(), 8, 10, 1_000, 20_012, false, 0)
                .completed(12.5);
        written.write(dir);
        LoadManifest read = LoadManifest.read(dir);
        assertEquals(written, read);
        assertEquals(graph, read.graph());
        assertEquals(List.of("i0.starling", "i1.starling"), read.domains());
        assertEquals("u5@i1.starling", read.placement().qualifiedName(5));
    }

    @Test
    void shouldReadBackTheServeProcessesOfALoadThroughConnect() {
        GraphSpec graph = GraphSpec.powerLaw(100, 5, -1, 1);
        java.util.Map<String, String> served = java.util.Map.of("vub.be", "127.0.0.1:20121", "ulb.be", "10.0.0.2:20121");
        new LoadManifest(graph, List.of("vub.be", "ulb.be"), 4, 2, 100, 500, true, 1, 40, java.util.Map.of(), served)
                .write(dir);
        LoadManifest read = LoadManifest.read(dir);
        assertEquals(served, read.served());
        assertEquals(List.of("vub.be", "ulb.be"), read.domains(), "the users' placement keeps the order given");
        assertTrue(new LoadManifest(graph, List.of("i0.starling"), 4, 2, 100, 500, true, 1).served().isEmpty());
    }

    @Test
    void shouldReadBackAnEdgeListGraph() {
        GraphSpec graph = GraphSpec.file(dir.resolve("graph.edges"));
        new LoadManifest(graph, List.of("i0.starling"), 4, 3, 962, 37_624, true, 1).write(dir);
        LoadManifest read = LoadManifest.read(dir);
        assertTrue(read.graph().isFile());
        assertEquals(dir.resolve("graph.edges").toAbsolutePath(), read.graph().file());
        assertEquals(37_624, read.follows());
    }

    @Test
    void shouldKeepHowAGraphFileWasReadAndTheLargestFollowerCount() throws IOException {
        Path file = dir.resolve("out.follows");
        Files.writeString(file, "% asym unweighted\n1 2\n2 1\n2 3\n3 2\n3 3\n");
        GraphSpec graph = GraphSpec.file(file, true);
        EdgeList.Loaded loaded = graph.readFile();
        Path data = dir.resolve("data");
        new LoadManifest(graph, List.of("i0.starling"), 4, 1, loaded.nodes(), loaded.graph().edges(), true, 1,
                loaded.graph().maxFollowers(), loaded.report().properties("", LoadManifest.IDS_FILE_NAME)).write(data);
        LoadManifest read = LoadManifest.read(data);
        assertTrue(read.graph().directed(), "a directed load is rebuilt directed");
        assertEquals(2, read.maxFollowers());
        assertEquals("1", read.graphRead().get("self-loops"));
        assertEquals("6", read.graphRead().get("self-loops.first-line"));
        assertEquals("offset", read.graphRead().get("ids"));
        assertEquals("1 to 3, contiguous, renumbered: node k is u<k-1>", read.graphRead().get("ids.rule"));
        assertEquals(LoadManifest.IDS_FILE_NAME, read.graphRead().get("ids.file"));
        assertTrue(read.graphRead().get("as").startsWith("directed"));
        String text = Files.readString(LoadManifest.file(data));
        assertTrue(text.contains("graph.read.duplicates=0"), text);
        assertTrue(text.indexOf("follows=") < text.indexOf("graph.file="), "keys in order:\n" + text);
    }

    @Test
    void shouldRefuseALoadThatDidNotFinish() {
        new LoadManifest(GraphSpec.powerLaw(10, 2, -1, 1), List.of("i0.starling"), 4, 1, 10, 20, false, 0).write(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadManifest.read(dir));
        assertTrue(e.getMessage().contains("did not finish"), e.getMessage());
    }

    @Test
    void shouldSayWhenADirectoryHoldsNoLoad() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadManifest.read(dir));
        assertTrue(e.getMessage().contains("holds no load"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoadManifest.read(dir.resolve("missing")));
    }

    @Test
    void shouldSayWhatIsMissingFromADamagedManifest() throws IOException {
        Files.writeString(LoadManifest.file(dir), "state=complete\ninstances=i0.starling\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadManifest.read(dir));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void shouldLoadOnlyIntoANewOrEmptyDirectory() throws IOException {
        assertDoesNotThrow(() -> LoadManifest.checkLoadable(dir.resolve("new")));
        assertDoesNotThrow(() -> LoadManifest.checkLoadable(dir));

        new LoadManifest(GraphSpec.powerLaw(10, 2, -1, 1), List.of("i0.starling"), 4, 1, 10, 20, true, 1).write(dir);
        IllegalArgumentException loaded = assertThrows(IllegalArgumentException.class, () -> LoadManifest.checkLoadable(dir));
        assertTrue(loaded.getMessage().contains("already holds a load"), loaded.getMessage());

        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        IllegalArgumentException notEmpty = assertThrows(IllegalArgumentException.class, () -> LoadManifest.checkLoadable(other));
        assertTrue(notEmpty.getMessage().contains("not empty"), notEmpty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoadManifest.checkLoadable(other.resolve("notes.txt")));
    }
}
