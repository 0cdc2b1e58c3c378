package dev.starling.tools.perf;

import dev.starling.engine.FaultInjector;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code starling gate}: the performance gate CI runs after the tests. It measures figures that
 * are ratios or per-request counts within one run (RING against CENTRALIZED, 2 engine threads
 * against 1, bytes allocated per request), prints them every time, and compares them with the
 * thresholds file. Two defences against noise: timing ratios come from rounds in which other
 * processes left the cores alone ({@link MachineLoad}), or, when too few rounds were quiet, from
 * every round judged against a looser busy bound ({@link GateVerdict}); and a figure past its
 * bound is measured once more and fails only if it is past its bound again. A real regression
 * shows both times; a moment of bad luck does not.
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
        header = "Performance gate: measures ratios within one run and checks them against thresholds.",
        description = {"Loads one social graph into RING (2 engine threads), RING (1 and 2 threads, callers running"
                + " no shards) and CENTRALIZED, and the assignment's benchmark shape into RING and CENTRALIZED. Each"
                + " round runs the demo's closed-loop mix on RING and CENTRALIZED, the most followed users' sends"
                + " alone on RING with 1 and 2 threads, and one client reading whole timelines on both shapes. Prints"
                + " the figures measured in this run and checks them against the thresholds file. Timing figures are"
                + " medians over the rounds in which other processes left the cores alone; when too few rounds were"
                + " quiet, they are medians over every round, checked against the thresholds file's looser busy"
                + " bounds, and the output says so.",
                "",
                "Exit codes: 0 when every figure is within its bound, 1 when one is not (twice), 2 on bad input,"
                        + " 3 with --require-quiet when the timings could only be held to their busy bounds.",
                "",
                "An artificial slowdown shows it failing:",
                "  STARLING_JAVA_OPTS=-D" + FaultInjector.SLOWDOWN_PROPERTY + "=20000 ./starling gate",
                ""})
public final class GateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--thresholds", defaultValue = "perf/gate.properties", paramLabel = "FILE",
            description = "Thresholds file (default: ${DEFAULT-VALUE}).")
    Path thresholdsFile;

    @Option(names = "--users", defaultValue = "2000", description = "Users in the graph (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--follows-mean", defaultValue = "20", description = "Mean follows per user (default: ${DEFAULT-VALUE}).")
    int followsMean;

    @Option(names = "--messages-per-user", defaultValue = "50",
            description = "Messages per user before measuring; 50 or more keeps every profile read full, so bytes per request stay steady (default: ${DEFAULT-VALUE}).")
    int messagesPerUser;

    @Option(names = "--clients", defaultValue = "64", description = "Closed-loop clients per deployment (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--warmup", defaultValue = "2s", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Unmeasured time per deployment first: 2s, 500ms (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--rounds", defaultValue = "5",
            description = "Quiet rounds wanted per measurement; at most 3 times as many are tried (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--slice-ms", defaultValue = "700", description = "Measured milliseconds per deployment and round (default: ${DEFAULT-VALUE}).")
    int sliceMillis;

    @Option(names = "--require-quiet", description = "Exit 3 instead of 0 when the machine was too busy for enough quiet"
            + " rounds, so the timing figures passed only their looser busy bounds.")
    boolean requireQuiet;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the graph and the clients (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Checks.range(spec, "--users", users, 100, 1_000_000);
        Checks.range(spec, "--follows-mean", followsMean, 1, users - 1);
        Checks.range(spec, "--messages-per-user", messagesPerUser, 1, 10_000);
        Checks.range(spec, "--clients", clients, 1, 100_000);
        Checks.range(spec, "--warmup", warmup, Duration.ZERO, Duration.ofHours(1));
        Checks.range(spec, "--rounds", rounds, 1, 1_000);
        Checks.range(spec, "--slice-ms", sliceMillis, 200, 600_000);
        Checks.require(spec, Files.exists(thresholdsFile), "--thresholds " + thresholdsFile + " does not exist (run from"
                + " the repository's root, or give the file)");
        Thresholds thresholds;
        try {
            thresholds = Thresholds.read(thresholdsFile);
        } catch (IOException | IllegalArgumentException e) {
            throw Checks.fail(spec, "--thresholds " + thresholdsFile + ": " + e.getMessage());
        }
        double maxOthers = thresholds.quietRounds().bound();
        long start = System.nanoTime();
        out.printf(Locale.ROOT, "performance gate: %,d users, %d follows each on average, %d clients; %d quiet rounds of %d ms"
                        + " per deployment (quiet: other processes use at most %.0f%% of the %d cores)%n",
                users, followsMean, clients, rounds, sliceMillis, maxOthers * 100, Runtime.getRuntime().availableProcessors());
        if (FaultInjector.slowdownNanos() > 0) {
            out.printf("  injected slowdown: every RING request spins %,d ns (-D%s)%n",
                    FaultInjector.slowdownNanos(), FaultInjector.SLOWDOWN_PROPERTY);
        }
        try (GateBench bench = new GateBench(new GateSettings(users, followsMean, messagesPerUser, clients, seed), out)) {
            bench.warmUp(warmup);
            GateFigures first = bench.measure(rounds, Duration.ofMillis(sliceMillis), maxOthers, out);
            print(out, "measurement 1", first);
            GateFigures second = null;
            if (GateVerdict.anyFails(thresholds.figures(), first)) {
                out.println("a figure is past its bound: measuring again to tell a regression from noise");
                second = bench.measure(rounds, Duration.ofMillis(sliceMillis), maxOthers, out);
                print(out, "measurement 2", second);
            }
            GateVerdict verdict = GateVerdict.judge(thresholds.figures(), first, second);
            report(out, verdict, first, second, maxOthers);
            out.printf(Locale.ROOT, "gate %s in %.0f s%n", verdict.outcome(), (System.nanoTime() - start) / 1e9);
            return switch (verdict.outcome()) {
                case PASSED -> 0;
                case FAILED -> 1;
                case PASSED_ON_BUSY_BOUNDS -> requireQuiet ? 3 : 0;
            };
        }
    }

    private static void print(PrintStream out, String title, GateFigures f) {
        out.printf(Locale.ROOT, "%s: %d of %d rounds quiet (other processes: median %.0f%% of the cores), timings from %s;"
                        + " mean mix req/s RING-2 %,.0f, sends/s RING-1 %,.0f, mix req/s CENTRALIZED %,.0f;"
                        + " bytes/request RING-2 %,.0f, CENTRALIZED %,.0f%n",
                title, f.quietRounds(), f.rounds(), f.othersShare() * 100,
                f.busy() ? "all " + f.rounds() + " rounds (busy)" : "the quiet rounds", f.ring(), f.ringOneThread(), f.centralized(),
                f.ringBytes(), f.centralizedBytes());
    }

    /** One line per figure, with the bound that applied; then why each failure matters and which bounds were loosened. */
    private static void report(PrintStream out, GateVerdict verdict, GateFigures first, GateFigures second, double maxOthers) {
        out.printf("%n%-42s %10s %14s  %s%n", "figure", "measured", "bound", "result");
        for (GateVerdict.Line l : verdict.lines()) {
            String result = (l.passed() ? "ok" : "FAIL") + (l.measurement() == 2 ? " (measurement 2; 1 gave "
                    + GateFigures.format(l.threshold().figure(), l.firstValue()) + " against "
                    + l.threshold().describe(l.firstBusy()) + ")" : "");
            out.printf("%-42s %10s %14s  %s%n", GateFigures.label(l.threshold().figure()),
                    GateFigures.format(l.threshold().figure(), l.value()), l.bound() + (l.busy() ? " busy" : ""), result);
        }
        for (GateVerdict.Line l : verdict.lines()) {
            if (!l.passed()) {
                out.printf("%nFAIL %s: %s%n", l.threshold().figure(), l.busy() ? l.threshold().busyWhy() : l.threshold().why());
            }
        }
        if (verdict.lines().stream().anyMatch(GateVerdict.Line::busy)) {
            GateFigures busy = second != null && second.busy() ? second : first;
            out.printf(Locale.ROOT, "%nBUSY MACHINE: only %d of %d rounds were quiet (other processes used a median %.0f%% of"
                            + " the cores; quiet: at most %.0f%%), so the timing figures marked busy are medians over every"
                            + " round, held to their busy bounds (FIGURE.busy_min in the thresholds file) instead of their"
                            + " quiet ones: a regression smaller than the gap between the two bounds passes.%n",
                    busy.quietRounds(), busy.rounds(), busy.othersShare() * 100, maxOthers * 100);
        }
        out.println();
    }
}
