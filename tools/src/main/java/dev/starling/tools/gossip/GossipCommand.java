package dev.starling.tools.gossip;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code starling gossip}: the peer sampling service's scenario, simulator and paper reproduction. */
@Command(name = "gossip", mixinStandardHelpOptions = true,
        description = "Gossip-based peer sampling (Jelasity et al., TOCS 2007): the elastic scenario on Agrona agents, "
                + "the cycle-driven simulator, and the paper's figures.",
        subcommands = {ElasticCommand.class, SimulateCommand.class, PaperCommand.class})
public final class GossipCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
