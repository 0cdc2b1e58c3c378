package dev.starling.sampling.paper;

import dev.starling.sampling.analysis.StatsCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaperExperimentTest {

    @Test
    void shouldWriteStatsPlotsAndSummaryForTheThreeSettings(@TempDir Path dir) throws Exception {
        String summary = new PaperExperiment(300, 10, 80, 60, 0.5, 2)
                .run(dir, new PrintStream(new ByteArrayOutputStream()));
        for (String setting : PaperExperiment.SETTINGS) {
            assertEquals(81, StatsCsv.read(dir.resolve(setting).resolve("stats.csv")).size());
            assertTrue(summary.contains("| " + setting + " |"), summary);
        }
        assertTrue(Files.size(dir.resolve("indegree-std.png")) > 1000);
        assertTrue(Files.size(dir.resolve("dead-links.png")) > 1000);
        assertEquals(summary, Files.readString(dir.resolve("summary.md")));
    }

    @Test
    void shouldRejectACrashOutsideTheRun() {
        assertThrows(IllegalArgumentException.class, () -> new PaperExperiment(100, 10, 80, 80, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new PaperExperiment(100, 10, 80, 20, 0.5, 1));
    }
}
