package dev.starling.tools.workload;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The request mix of a workload as integer weights, e.g. {@code 60:30:10} for timeline, profile
 * and send (DeathStarBench's social network mix).
 */
public record Mix(int timeline, int profile, int send) {

    public static final Mix DEFAULT = new Mix(60, 30, 10);

    public Mix {
        if (timeline < 0 || profile < 0 || send < 0 || timeline + profile + send == 0) {
            throw new IllegalArgumentException("mix weights must be non-negative and not all zero");
        }
    }

    /** Parses {@code "timeline:profile:send"}, e.g. {@code "60:30:10"}. */
    public static Mix parse(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("mix must be timeline:profile:send, e.g. 60:30:10; got '" + text + "'");
        }
        try {
            return new Mix(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                    Integer.parseInt(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mix weights must be integers; got '" + text + "'");
        }
    }

    /** The operations this mix issues (weight above 0), in {@link Operation} order. */
    public Set<Operation> operations() {
        Set<Operation> ops = EnumSet.noneOf(Operation.class);
        if (timeline > 0) {
            ops.add(Operation.TIMELINE);
        }
        if (profile > 0) {
            ops.add(Operation.PROFILE);
        }
        if (send > 0) {
            ops.add(Operation.SEND);
        }
        return ops;
    }

    public Operation pick(SplittableRandom random) {
        int r = random.nextInt(timeline + profile + send);
        if (r < timeline) {
            return Operation.TIMELINE;
        }
        return r < timeline + profile ? Operation.PROFILE : Operation.SEND;
    }

    @Override
    public String toString() {
        return timeline + ":" + profile + ":" + send;
    }
}
