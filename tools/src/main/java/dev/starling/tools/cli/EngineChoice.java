package dev.starling.tools.cli;

import dev.starling.federation.EngineKind;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --engine} value of the commands that compare engines: one engine ({@code ring},
 * {@code centralized}, {@code redis}), {@code both} (RING and CENTRALIZED), {@code all} (the three),
 * or a comma-separated list such as {@code ring,redis}; any case.
 */
public final class EngineChoice {

    /** What the option's help says it takes. */
    public static final String LABEL = "ring|centralized|redis|both|all|LIST";

    private EngineChoice() {
    }

    /**
     * The engines {@code value} names, in its order, each once.
     *
     * @throws picocli.CommandLine.ParameterException a one-line usage error naming the bad part
     */
    public static List<EngineKind> parse(CommandSpec spec, String value) {
        List<EngineKind> engines = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            List<EngineKind> named = switch (name) {
                case "ring" -> List.of(EngineKind.RING);
                case "centralized" -> List.of(EngineKind.CENTRALIZED);
                case "redis" -> List.of(EngineKind.REDIS);
                case "both" -> List.of(EngineKind.RING, EngineKind.CENTRALIZED);
                case "all" -> List.of(EngineKind.values());
                default -> throw Checks.fail(spec, "--engine must be ring, centralized, redis, both, all or a"
                        + " comma-separated list of engines, got '" + part + "'");
            };
            for (EngineKind kind : named) {
                if (!engines.contains(kind)) {
                    engines.add(kind);
                }
            }
        }
        return engines;
    }
}
