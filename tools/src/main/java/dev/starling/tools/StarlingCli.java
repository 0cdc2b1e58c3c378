package dev.starling.tools;

import dev.starling.tools.cli.ErrorHandlers;
import dev.starling.tools.workload.Capacity;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code starling} command line: the entry point of {@code ./starling}.
 * Each sub-command is its own class; this one only lists them.
 */
@Command(name = "starling",
        mixinStandardHelpOptions = true,
        version = "starling 0.1.0",
        description = "Federated microblogging engine (Disruptor rings over Chronicle Map) and gossip peer sampling."
                + " Every command has --help. Exit codes: 0 done, 1 the run failed, 2 a bad command line.",
        subcommands = {
                DemoCommand.class,
                LoadCommand.class,
                BenchCommand.class,
                SeedCommand.class,
                ServeCommand.class,
                DriverCommand.class,
                dev.starling.tools.experiment.ExperimentCommand.class,
                dev.starling.tools.broadcast.BroadcastCommand.class,
                dev.starling.tools.gossip.GossipCommand.class,
                dev.starling.tools.perf.GateCommand.class,
                CommandLine.HelpCommand.class
        })
public final class StarlingCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * A command line for {@code command} (this class, or one sub-command alone in tests) as
     * {@code ./starling} runs it: enum values in any case, help wrapped at 80 columns, and every
     * failure reported by {@link ErrorHandlers} (one line and exit 2 for a user error).
     */
    public static CommandLine commandLine(Object command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setUsageHelpWidth(80);
        commandLine.setUsageHelpAutoWidth(false);
        return ErrorHandlers.install(commandLine);
    }

    public static void main(String[] args) {
        Capacity.installTemporaryRoot();
        int exit;
        try {
            exit = commandLine(new StarlingCli()).execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("starling: out of memory (max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB): lower the sizes, or give more heap, e.g. STARLING_HEAP=-Xmx8g ./starling ...");
            exit = ErrorHandlers.FAILED;
        }
        System.exit(exit);
    }
}
