package dev.starling.tools.perf;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of the machine other processes used while the gate measured: the machine's busy CPU
 * time from {@code /proc/stat} (steal time included) minus this process's own CPU time, as a
 * share of all cores over the same wall-clock time. A timing ratio taken while other work held
 * the cores says more about that work than about the engine: RING with 2 threads needs both
 * cores and loses more to it than the 1-thread baseline does, so the gate sets such rounds aside.
 */
final class MachineLoad {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final com.sun.management.OperatingSystemMXBean os;
    private final int cores = Runtime.getRuntime().availableProcessors();

    /** One look at the counters; {@code busyTicks} and {@code totalTicks} are -1 where unknown. */
    record Sample(long busyTicks, long totalTicks, long processCpuNanos, long wallNanos) {
    }

    MachineLoad() {
        this.os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }

    Sample sample() {
        long busy = -1;
        long total = -1;
        try {
            String[] f = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            if (f[0].equals("cpu") && f.length >= 8) {
                total = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) { // user .. steal; guest time is inside user
                    total += Long.parseLong(f[i]);
                }
                busy = total - Long.parseLong(f[4]) - Long.parseLong(f[5]); // minus idle and iowait
            }
        } catch (IOException | RuntimeException e) {
            busy = -1;
            total = -1;
        }
        return new Sample(busy, total, os.getProcessCpuTime(), System.nanoTime());
    }

    /** Share (0 to 1) of all cores other processes used between two samples; NaN when unknown. */
    double othersShare(Sample a, Sample b) {
        if (a.totalTicks() < 0 || b.totalTicks() <= a.totalTicks() || a.processCpuNanos() < 0) {
            return Double.NaN;
        }
        double machineBusy = (double) (b.busyTicks() - a.busyTicks()) / (b.totalTicks() - a.totalTicks());
        double ours = (double) (b.processCpuNanos() - a.processCpuNanos()) / ((double) (b.wallNanos() - a.wallNanos()) * cores);
        return Math.max(0, Math.min(1, machineBusy - ours));
    }
}
