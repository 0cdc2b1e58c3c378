package dev.starling.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code starling} command line: the entry point of {@code ./starling}.
 * Each sub-command is its own class; this one only lists them.
 */
@Command(name = "starling",
        mixinStandardHelpOptions = true,
        version = "starling 0.1.0",
        description = "Federated microblogging engine (Disruptor rings over Chronicle Map) and gossip peer sampling.",
        subcommands = {
                DemoCommand.class,
                LoadCommand.class,
                BenchCommand.class,
                SeedCommand.class,
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

    public static void main(String[] args) {
        int exit = new CommandLine(new StarlingCli()).execute(args);
        System.exit(exit);
    }
}
