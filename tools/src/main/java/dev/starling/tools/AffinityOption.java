package dev.starling.tools;

import dev.starling.runtime.ThreadAffinity;
import picocli.CommandLine.Option;

/**
 * The {@code --affinity} option of the commands that run a RING deployment ({@code demo},
 * {@code bench}): which CPUs its engine threads are pinned to.
 */
public final class AffinityOption {

    @Option(names = "--affinity", defaultValue = "none", paramLabel = "none|auto|LIST",
            description = "Pins the RING engine threads: none, auto (free CPUs from OpenHFT affinity) or a CPU list such as "
                    + "0,1 or 2-5; threads without a CPU run unpinned and say so. The baseline's thread is not pinned"
                    + " (default: ${DEFAULT-VALUE}).")
    String affinity;

    /** The setting as given, checked; throws {@link IllegalArgumentException} with the reason when it is malformed. */
    public String checked() {
        ThreadAffinity.parse(affinity);
        return affinity;
    }
}
