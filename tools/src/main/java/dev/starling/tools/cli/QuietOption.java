package dev.starling.tools.cli;

import dev.starling.tools.workload.Progress;
import picocli.CommandLine.Option;

/** {@code --quiet}: no progress lines, only what the command reports. */
public final class QuietOption {

    @Option(names = {"-q", "--quiet"}, description = "No progress lines (results and errors are still printed).")
    void quiet(boolean quiet) {
        Progress.quiet(quiet);
    }
}
