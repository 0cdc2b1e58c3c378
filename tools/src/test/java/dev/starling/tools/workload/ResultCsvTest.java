package dev.starling.tools.workload;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResultCsvTest {

    @TempDir
    Path dir;

    private static RunInfo info(int rep) {
        return new RunInfo("speedup", "mixed", "threads", "2", rep, "RING", 1, 2, 4, 1_000, 20_000, "60:30:10", 64, 0, 1, 2);
    }

    /** 2 s of measurement: timelines of 100 µs (1,000 of them) and sends of 1 ms (10), no profiles. */
    private static WorkloadResult result() {
        Map<Operation, Histogram> latencies = WorkloadResult.emptyHistograms();
        latencies.get(Operation.TIMELINE).recordValueWithCount(100_000, 1_000);
        latencies.get(Operation.SEND).recordValueWithCount(1_000_000, 10);
        Map<Operation, Long> errors = new EnumMap<>(Operation.class);
        errors.put(Operation.TIMELINE, 0L);
        errors.put(Operation.PROFILE, 0L);
        errors.put(Operation.SEND, 3L);
        return new WorkloadResult("RING", 2.0, latencies, errors);
    }

    @Test
    void shouldWriteARowPerMeasuredOperationAndOneForAll() {
        Path file = dir.resolve("out/results.csv");
        try (ResultCsv csv = ResultCsv.open(file)) {
            csv.write(info(1), result(), null);
        }
        List<Map<String, String>> rows = ResultCsv.read(file);
        assertEquals(List.of("timeline", "send", "all"), rows.stream().map(r -> r.get("operation")).toList());
        Map<String, String> timeline = rows.get(0);
        assertEquals("1000", timeline.get("count"));
        assertEquals("500", timeline.get("throughput"));
        assertEquals(100.0, Double.parseDouble(timeline.get("p50_us")), 0.1);
        assertEquals("speedup", timeline.get("experiment"));
        assertEquals("2", timeline.get("value"));
        assertEquals("60:30:10", timeline.get("mix"));
        assertEquals("ok", timeline.get("status"));
        Map<String, String> send = rows.get(1);
        assertEquals("3", send.get("errors"));
        assertEquals(1_000.0, Double.parseDouble(send.get("p99_us")), 1.0);
        Map<String, String> all = rows.get(2);
        assertEquals("1010", all.get("count"));
        assertEquals("505", all.get("throughput"));
        assertEquals("3", all.get("errors"));
    }

    @Test
    void shouldAppendToAFileWithTheSameColumns() throws IOException {
        Path file = dir.resolve("results.csv");
        try (ResultCsv csv = ResultCsv.open(file)) {
            csv.write(info(1), result(), null);
        }
        try (ResultCsv csv = ResultCsv.open(file)) {
            csv.write(info(2), result(), null);
        }
        assertEquals(1, Files.readAllLines(file).stream().filter(l -> l.startsWith("experiment,")).count());
        List<Map<String, String>> rows = ResultCsv.read(file);
        assertEquals(6, rows.size());
        assertEquals("2", rows.get(5).get("rep"));
    }

    @Test
    void shouldRefuseAFileWithOtherColumns() throws IOException {
        Path file = dir.resolve("other.csv");
        Files.writeString(file, "a,b,c\n1,2,3\n");
        assertThrows(IllegalArgumentException.class, () -> ResultCsv.open(file));
    }

    @Test
    void shouldQuoteAFailureReasonWithCommasAndQuotes() {
        Path file = dir.resolve("failed.csv");
        String reason = "INVALID_ARGUMENT: got [a, b], said \"no\"";
        try (ResultCsv csv = ResultCsv.open(file)) {
            csv.writeFailure(info(1), reason);
        }
        List<Map<String, String>> rows = ResultCsv.read(file);
        assertEquals(1, rows.size());
        assertEquals("failed: " + reason, rows.get(0).get("status"));
        assertEquals("", rows.get(0).get("count"));
        assertEquals(ResultCsv.COLUMNS.size(), rows.get(0).size());
    }
}
