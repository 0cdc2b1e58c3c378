package dev.starling.tools.gossip;

import dev.starling.sampling.protocol.Duplicates;
import dev.starling.sampling.protocol.SwapCount;
import dev.starling.sampling.sim.Model;
import picocli.CommandLine.Option;

import java.util.function.Supplier;

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

    /**
     * @return the model
     * @throws IllegalArgumentException naming the option, when a switch's value is not one of its names
     */
    Model model() {
        return new Model(named("--partner", () -> Model.Partner.parse(partner)),
                named("--aging", () -> Model.Aging.parse(aging)), named("--order", () -> Model.Order.parse(order)),
                named("--reply", () -> Model.Reply.parse(reply)),
                named("--crash-point", () -> Model.CrashPoint.parse(crashPoint)));
    }

    /** @return the duplicate placement @throws IllegalArgumentException naming the option, for an unknown value */
    Duplicates duplicates() {
        return named("--duplicates", () -> Duplicates.parse(duplicates));
    }

    /** @return what S counts @throws IllegalArgumentException naming the option, for an unknown value */
    SwapCount swapCount() {
        return named("--swap-counts", () -> SwapCount.parse(swapCounts));
    }

    /** Parses every switch, so that a bad value is refused before any output is made. */
    void check() {
        model();
        duplicates();
        swapCount();
    }

    private static <T> T named(String option, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
