package dev.starling.tools.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate's verdict on rounds it recorded in real runs (the round lines it prints, kept under
 * {@code src/test/resources/gate-rounds}, each file saying where it came from), against the
 * repository's thresholds and against thresholds placed around the recorded medians.
 */
class GateVerdictTest {

    private static final Pattern ROUND = Pattern.compile("mix req/s RING-2 +([\\d,]+) +CENTRALIZED +([\\d,]+) .*"
            + "sends/s RING-2 +([\\d,]+) +RING-1 +([\\d,]+) .*whole timelines RING (\\d+) ms, CENTRALIZED (\\d+) ms .*"
            + "others used +(\\d+)% of the cores");
    private static final int WANTED = 5;
    private static final double BYTES = 608;

    @Test
    void shouldPassAQuietRunOnItsQuietBounds() throws IOException {
        Thresholds t = repository();
        GateFigures f = figures("quiet-pass.txt", t);
        assertFalse(f.busy());
        assertEquals(5, f.quietRounds());
        assertEquals(6, f.rounds());
        assertEquals(10.32, f.ringVsCentralized(), 0.01, "median of the 5 quiet rounds, the busy round 3 left out");
        GateVerdict v = GateVerdict.judge(t.figures(), f, null);
        assertEquals(GateVerdict.Outcome.PASSED, v.outcome());
        v.lines().forEach(l -> assertFalse(l.busy(), l.threshold().figure() + " is held to its quiet bound"));
        assertEquals(">= 3.50", v.lines().get(0).bound());
    }

    @Test
    void shouldFailAQuietRunBelowItsQuietBound(@TempDir Path dir) throws IOException {
        Thresholds t = thresholds(dir, 11, 5);
        GateFigures f = figures("quiet-pass.txt", t);
        GateVerdict v = GateVerdict.judge(t.figures(), f, null);
        assertEquals(GateVerdict.Outcome.FAILED, v.outcome());
        GateVerdict.Line ring = v.lines().get(0);
        assertFalse(ring.passed());
        assertFalse(ring.busy(), "5 of 6 rounds were quiet: the quiet bound applies, not the looser one");
        assertEquals(">= 11.00", ring.bound());
        assertTrue(GateVerdict.anyFails(t.figures(), f), "a failing figure makes the gate measure again");
    }

    @Test
    void shouldJudgeABusyRunOnEveryRoundWithTheBusyBound() throws IOException {
        Thresholds t = repository();
        GateFigures f = figures("busy-pass.txt", t);
        assertTrue(f.busy());
        assertEquals(0, f.quietRounds());
        assertEquals(6.59, f.ringVsCentralized(), 0.01, "median over all 15 busy rounds");
        assertEquals(1.34, f.threads2Vs1(), 0.01);
        assertEquals(3.16, f.sequentialTimeline(), 0.01);
        GateVerdict v = GateVerdict.judge(t.figures(), f, null);
        assertEquals(GateVerdict.Outcome.PASSED_ON_BUSY_BOUNDS, v.outcome(), "judged, and said to be judged on a busy machine");
        for (GateVerdict.Line l : v.lines()) {
            assertEquals(GateFigures.TIMINGS.contains(l.threshold().figure()), l.busy(),
                    l.threshold().figure() + ": timings use the busy bound, allocation its only one");
        }
        assertEquals(">= 2.00", v.lines().get(0).bound());
        assertFalse(GateVerdict.anyFails(t.figures(), f));
    }

    @Test
    void shouldPassABusyRunBetweenItsBusyAndQuietBoundsOnlyThanksToTheBusyBound(@TempDir Path dir) throws IOException {
        Thresholds t = thresholds(dir, 7, 5); // the busy median 6.59 lies between the two
        GateVerdict v = GateVerdict.judge(t.figures(), figures("busy-pass.txt", t), null);
        assertEquals(GateVerdict.Outcome.PASSED_ON_BUSY_BOUNDS, v.outcome());
        assertTrue(v.lines().get(0).passed());
        assertEquals(">= 5.00", v.lines().get(0).bound());
    }

    @Test
    void shouldFailABusyRunThatIsPastEvenTheBusyBound() throws IOException {
        Thresholds t = repository();
        GateFigures f = figures("busy-slowdown.txt", t);
        assertTrue(f.busy());
        GateVerdict v = GateVerdict.judge(t.figures(), f, null);
        assertEquals(GateVerdict.Outcome.FAILED, v.outcome(), "a RING slowed by 20 us a request must not pass on a busy machine");
        GateVerdict.Line ring = v.lines().get(0);
        assertTrue(ring.busy());
        assertFalse(ring.passed());
        assertEquals(1.52, ring.value(), 0.01);
        GateVerdict.Line sequential = v.lines().get(2);
        assertFalse(sequential.passed(), "whole timelines: median 0.98 against the busy bound 1.5");
        assertTrue(GateVerdict.anyFails(t.figures(), f));
    }

    @Test
    void shouldCountTheSecondMeasurementWhenTheFirstFailed() throws IOException {
        Thresholds t = repository();
        GateFigures slow = figures("busy-slowdown.txt", t);
        GateVerdict recovered = GateVerdict.judge(t.figures(), slow, figures("quiet-pass.txt", t));
        assertEquals(GateVerdict.Outcome.PASSED_ON_BUSY_BOUNDS, recovered.outcome(),
                "a busy moment followed by a quiet pass is noise; the threads figure passed its busy bound the first time");
        GateVerdict.Line ring = recovered.lines().get(0);
        assertEquals(2, ring.measurement());
        assertTrue(ring.passed());
        assertFalse(ring.busy());
        assertEquals(1.52, ring.firstValue(), 0.01);
        assertTrue(ring.firstBusy());
        GateVerdict.Line threads = recovered.lines().get(1);
        assertEquals(1, threads.measurement(), "a figure that passed the first time keeps it");
        assertTrue(threads.busy());

        GateVerdict twice = GateVerdict.judge(t.figures(), slow, slow);
        assertEquals(GateVerdict.Outcome.FAILED, twice.outcome(), "past the bound both times is a regression");
    }

    private static Thresholds repository() throws IOException {
        return Thresholds.read(Path.of("..", "perf", "gate.properties"));
    }

    /** The repository's bounds, but RING/CENTRALIZED at {@code quiet} and {@code busy}. */
    private static Thresholds thresholds(Path dir, double quiet, double busy) throws IOException {
        String text = Files.readString(Path.of("..", "perf", "gate.properties"))
                .replaceFirst("(?m)^ring_vs_centralized\\.min = .*$", "ring_vs_centralized.min = " + quiet)
                .replaceFirst("(?m)^ring_vs_centralized\\.busy_min = .*$", "ring_vs_centralized.busy_min = " + busy);
        Path file = dir.resolve("gate.properties");
        Files.writeString(file, text);
        return Thresholds.read(file);
    }

    private static GateFigures figures(String recording, Thresholds t) throws IOException {
        return GateFigures.of(rounds(recording), WANTED, t.quietRounds().bound(), BYTES, 16_000);
    }

    /** The rounds of a recorded run, read back from the gate's own round lines. */
    static List<GateRound> rounds(String recording) throws IOException {
        List<GateRound> rounds = new ArrayList<>();
        try (InputStream in = GateVerdictTest.class.getResourceAsStream("/gate-rounds/" + recording)) {
            assertNotNull(in, recording);
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = ROUND.matcher(line);
                assertTrue(m.find(), "a round line: " + line);
                rounds.add(new GateRound(number(m, 1), number(m, 2), number(m, 3), number(m, 4), number(m, 5),
                        number(m, 6), number(m, 7) / 100));
            }
        }
        return rounds;
    }

    private static double number(Matcher m, int group) {
        return Double.parseDouble(m.group(group).replace(",", ""));
    }
}
