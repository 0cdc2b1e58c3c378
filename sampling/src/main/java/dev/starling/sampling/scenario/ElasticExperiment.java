package dev.starling.sampling.scenario;

import dev.starling.sampling.analysis.OverlayStats;
import dev.starling.sampling.analysis.StatsCsv;
import dev.starling.sampling.plot.Charts;
import dev.starling.sampling.protocol.ProtocolConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The course's two runs of the elastic scenario, pushpull, c = 7: healer (H=4, S=3) and swapper (H=3, S=4),
 * side by side in time. Writes {@code DIR/<setting>/views.csv}, {@code DIR/<setting>/events.csv} (the scenario's
 * own log of starts, joins, crashes and recoveries), {@code DIR/<setting>/stats.csv} (from those two: who is alive
 * comes from the events, never from missing view rows; its extra column {@code late} counts the alive peers whose
 * log of that cycle came late or not at all) and {@code DIR/indegree-boxplot.png}. Ends with a warning line per
 * run that had late logs.
 *
 * <p>stats.csv is numbered as the simulator's: row k (column {@code cycle}) is the overlay after k cycles,
 * rows 0 to K for a run of K cycles. The box labelled k in the plot is row k.
 */
public final class ElasticExperiment {
    /** The course's settings, in plot order. */
    public static final Map<String, ProtocolConfig> SETTINGS = Map.of(
            "healer", ProtocolConfig.builder().viewSize(7).healing(4).swap(3).build(),
            "swapper", ProtocolConfig.builder().viewSize(7).healing(3).swap(4).build());
    private static final List<String> ORDER = List.of("healer", "swapper");

    private final ElasticConfig config;

    /** @param config the scenario */
    public ElasticExperiment(ElasticConfig config) {
        this.config = config;
    }

    /**
     * @param dir output directory
     * @param log progress lines
     * @throws IOException          if a file cannot be written
     * @throws InterruptedException if interrupted
     */
    public void run(Path dir, PrintStream log) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(ORDER.size());
        Map<String, Future<ViewLog>> runs = new LinkedHashMap<>();
        Map<String, ElasticScenario> scenarios = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        try {
            for (String setting : ORDER) {
                ElasticScenario scenario = new ElasticScenario(config, SETTINGS.get(setting), setting);
                scenarios.put(setting, scenario);
                runs.put(setting, pool.submit(() -> scenario.run(log)));
            }
            Map<String, List<int[]>> boxes = new LinkedHashMap<>();
            List<String> labels = boxLabels();
            for (String setting : ORDER) {
                ViewLog views = runs.get(setting).get();
                List<ViewRecord> records = views.records();
                List<ScenarioEvent> events = scenarios.get(setting).events();
                Path viewsCsv = dir.resolve(setting).resolve("views.csv");
                ViewLog.write(viewsCsv, records);
                ScenarioEvent.write(dir.resolve(setting).resolve("events.csv"), events);
                ViewLogAnalysis analysis = new ViewLogAnalysis(records, events, config.peers(), config.cycles() + 1);
                int[] late = analysis.lateCounts();
                try (StatsCsv csv = new StatsCsv(dir.resolve(setting).resolve("stats.csv"), "late")) {
                    List<OverlayStats> rows = analysis.stats();
                    for (int k = 0; k < rows.size(); k++) {
                        csv.write(rows.get(k), late[k]);
                    }
                }
                long lateLogs = records.stream().filter(ViewRecord::late).count();
                int lateCycles = (int) java.util.Arrays.stream(late).filter(x -> x > 0).count();
                if (lateCycles > 0) {
                    warnings.add(String.format(java.util.Locale.ROOT, "warning: %s: %d view logs came after their "
                            + "cycle was over and %d cycles had a late or missing log (column 'late' of stats.csv); "
                            + "those peers are counted alive from events.csv, with their last logged view",
                            setting, lateLogs, lateCycles));
                }
                boxes.put(setting + " (H=" + SETTINGS.get(setting).healing() + ", S="
                        + SETTINGS.get(setting).swap() + ")", boxes(analysis, labels));
                log.printf("%s: wrote %s and stats.csv%n", setting, viewsCsv);
            }
            Map<String, Double> marks = new java.util.LinkedHashMap<>();
            marks.put("crash " + config.crashAt(), (double) config.crashAt());
            marks.put("recovery " + config.recoverAt(), (double) config.recoverAt());
            Charts.inDegreeBoxes(dir.resolve("indegree-boxplot.png"),
                    labels.stream().mapToDouble(Double::parseDouble).toArray(), boxes, String.format(java.util.Locale.ROOT,
                    "cycle (%.0f%% of the peers crash at %d; %.0f%% of those come back at %d)",
                    ElasticConfig.CRASH * 100, config.crashAt(), ElasticConfig.RECOVER * 100, config.recoverAt()), marks);
            log.printf("wrote %s%n", dir.resolve("indegree-boxplot.png"));
            for (String w : warnings) {
                log.println(w);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("elastic run failed", cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * @param analysis the run's views
     * @param labels   the boxes' labels, cycle numbers
     * @return per label k, the in-degrees of stats.csv's row k (the peers alive in it)
     */
    static List<int[]> boxes(ViewLogAnalysis analysis, List<String> labels) {
        List<int[]> perLabel = new ArrayList<>();
        for (String label : labels) {
            perLabel.add(analysis.inDegrees(Integer.parseInt(label)));
        }
        return perLabel;
    }

    /** @return the box positions: every cycles/9 cycles (every 20 of 180), each the stats.csv row it shows */
    public List<String> boxLabels() {
        int step = Math.max(1, config.cycles() / 9);
        List<String> labels = new ArrayList<>();
        for (int k = step; k <= config.cycles(); k += step) {
            labels.add(Integer.toString(k));
        }
        return labels;
    }
}
