package dev.starling.tools.gossip;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 'gossip simulate' and 'gossip elastic' number stats.csv rows alike, as a CSV reader sees them. */
class GossipStatsNumberingTest {

    @TempDir
    Path dir;

    private static List<Integer> cycles(Path statsCsv) throws IOException {
        try (Reader reader = Files.newBufferedReader(statsCsv)) {
            List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(reader).getRecords();
            return rows.stream().map(r -> Integer.parseInt(r.get("cycle"))).toList();
        }
    }

    @Test
    void shouldWriteRowsZeroToKForKCyclesInBothCommands() throws IOException {
        int k = 12;
        List<Integer> expected = IntStream.rangeClosed(0, k).boxed().toList();
        Path sim = dir.resolve("sim");
        assertEquals(0, new CommandLine(new SimulateCommand()).execute("--out", sim.toString(), "--nodes", "40",
                "--view", "6", "--healing", "3", "--swap", "0", "--cycles", Integer.toString(k)));
        assertEquals(expected, cycles(sim.resolve("stats.csv")), "simulate: row k after k cycles, row 0 the first views");

        Path elastic = dir.resolve("elastic");
        assertEquals(0, new CommandLine(new ElasticCommand()).execute("--out", elastic.toString(), "--peers", "10",
                "--cycles", Integer.toString(k), "--cycle-ms", "20"));
        for (String setting : List.of("healer", "swapper")) {
            assertEquals(expected, cycles(elastic.resolve(setting).resolve("stats.csv")), setting + ": numbered as simulate");
        }
        assertTrue(Files.size(elastic.resolve("indegree-boxplot.png")) > 1000);
    }
}
