package dev.starling.tools.gossip;

import dev.starling.sampling.protocol.Duplicates;
import dev.starling.sampling.protocol.SwapCount;
import dev.starling.sampling.sim.Model;
import picocli.CommandLine.Option;

/** The simulator's modelling switches as options; the defaults follow the paper's text. */
final class ModelOptions {

    @Option(names = "--partner", defaultValue = "live", paramLabel = "live|any",
            description = "Partner choice: live (only entries naming live peers, the paper's selectPeer) or any "
                    + "(a dead partner makes the exchange fail). Default: ${DEFAULT-VALUE}.")
    String partner = "live";

    @Option(names = "--aging", defaultValue = "exchange", paramLabel = "exchange|cycle",
            description = "Ages grow after every exchange a node takes part in (the paper's pseudo-code) or once "
                    + "per cycle. Default: ${DEFAULT-VALUE}.")
    String aging = "exchange";

    @Option(names = "--order", defaultValue = "shuffle", paramLabel = "shuffle|fixed",
            description = "Order of the active sides in a cycle: a fresh random permutation, or address order. "
                    + "Default: ${DEFAULT-VALUE}.")
    String order = "shuffle";

    @Option(names = "--reply", defaultValue = "before", paramLabel = "before|after",
            description = "The passive side builds its answer before merging the request (the paper) or after. "
                    + "Default: ${DEFAULT-VALUE}.")
    String reply = "before";

    @Option(names = "--crash-point", defaultValue = "end", paramLabel = "end|mid",
            description = "The crash happens after the cycle's exchanges or halfway through them. "
                    + "Default: ${DEFAULT-VALUE}.")
    String crashPoint = "end";

    @Option(names = "--duplicates", defaultValue = "first", paramLabel = "first|fresher",
            description = "Where a merge keeps the one copy of an address held twice: at the first copy's place "
                    + "with the lower age, or where the fresher copy stands. Default: ${DEFAULT-VALUE}.")
    String duplicates = "first";

    @Option(names = "--swap-counts", defaultValue = "view", paramLabel = "view|buffer",
            description = "What S counts when a merge removes S entries from the view's head: view entries (the "
                    + "paper's pseudo-code read literally: S = c/2 also removes one entry that was not sent) or the "
                    + "buffer's items, own descriptor first (S - 1 view entries: S = c/2 removes exactly the ones "
                    + "sent; this reproduces the paper's Fig. 4). Default: ${DEFAULT-VALUE}.")
    String swapCounts = "view";

    /** @return the model */
    Model model() {
        return new Model(Model.Partner.parse(partner), Model.Aging.parse(aging), Model.Order.parse(order),
                Model.Reply.parse(reply), Model.CrashPoint.parse(crashPoint));
    }

    /** @return the duplicate placement */
    Duplicates duplicates() {
        return Duplicates.parse(duplicates);
    }

    /** @return what S counts */
    SwapCount swapCount() {
        return SwapCount.parse(swapCounts);
    }
}
