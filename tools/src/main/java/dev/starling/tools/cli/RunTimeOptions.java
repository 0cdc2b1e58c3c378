package dev.starling.tools.cli;

import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --warmup} and {@code --duration} of the commands that run one workload ({@code demo}, {@code bench}). */
public final class RunTimeOptions {

    @Option(names = "--warmup", defaultValue = "3s", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Warm-up before measuring, not measured: 10s, 500ms, 2m; a bare number is seconds"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "10s", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Measured time (default: ${DEFAULT-VALUE}).")
    Duration duration;

    public Duration warmup() {
        return warmup;
    }

    public Duration duration() {
        return duration;
    }
}
