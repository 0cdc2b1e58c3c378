package dev.starling.sampling.sim;

import dev.starling.sampling.protocol.EnumNames;

/**
 * The simulator's modelling choices that the paper's text leaves to its simulation, each a switch. The
 * defaults ({@link #PAPER}) follow the text; the others stay as documented options because each one moves the
 * self-healing curves (docs/sampling.md has the table).
 *
 * @param partner whom the active side may pick: only live entries (the paper's {@code selectPeer()}) or any
 *                entry, a dead one making the exchange fail
 * @param aging   when ages grow: after every exchange a node takes part in (the paper's pseudo-code) or once
 *                per cycle for every node
 * @param order   the order of the active sides within a cycle: a fresh random permutation per cycle, or
 *                address order every cycle
 * @param reply   whether the passive side builds its answer before merging the request (the paper's passive
 *                thread) or after
 * @param crash   where in its cycle the crash happens: after every node's exchange, or halfway through
 */
public record Model(Partner partner, Aging aging, Order order, Reply reply, CrashPoint crash) {

    /** The paper's text: live partners, aging per exchange, shuffled order, answer before merge, crash between cycles. */
    public static final Model PAPER = new Model(Partner.LIVE, Aging.EXCHANGE, Order.SHUFFLE, Reply.BEFORE, CrashPoint.END);

    /** Checks the fields. */
    public Model {
        if (partner == null || aging == null || order == null || reply == null || crash == null) {
            throw new IllegalArgumentException("every model switch must be set");
        }
    }

    /** @param p whom the active side may pick @return a copy with it */
    public Model withPartner(Partner p) {
        return new Model(p, aging, order, reply, crash);
    }

    /** @param a when ages grow @return a copy with it */
    public Model withAging(Aging a) {
        return new Model(partner, a, order, reply, crash);
    }

    /** @param o the order of active sides @return a copy with it */
    public Model withOrder(Order o) {
        return new Model(partner, aging, o, reply, crash);
    }

    /** @param r when the passive side answers @return a copy with it */
    public Model withReply(Reply r) {
        return new Model(partner, aging, order, r, crash);
    }

    /** @param c where the crash happens @return a copy with it */
    public Model withCrash(CrashPoint c) {
        return new Model(partner, aging, order, reply, c);
    }

    /** @return the switches that differ from {@link #PAPER}, as {@code name=value}, or {@code paper} */
    public String label() {
        StringBuilder sb = new StringBuilder();
        append(sb, "partner", partner, PAPER.partner);
        append(sb, "aging", aging, PAPER.aging);
        append(sb, "order", order, PAPER.order);
        append(sb, "reply", reply, PAPER.reply);
        append(sb, "crash", crash, PAPER.crash);
        return sb.length() == 0 ? "paper" : sb.toString();
    }

    private static void append(StringBuilder sb, String name, Enum<?> value, Enum<?> paper) {
        if (value != paper) {
            sb.append(sb.length() == 0 ? "" : " ").append(name).append('=').append(EnumNames.label(value));
        }
    }

    /** Whom the active side may pick. */
    public enum Partner {
        /** Only entries naming live peers (paper p.5 and p.7: selectPeer "returns the address of a live node"). */
        LIVE,
        /** Any entry; a dead partner makes the exchange fail: the active side only ages its view. */
        ANY;

        /** @param text live or any @return the switch */
        public static Partner parse(String text) {
            return EnumNames.parse(Partner.class, text);
        }
    }

    /** When ages grow. */
    public enum Aging {
        /** +1 after every exchange a node takes part in, active (failed or not) or passive: the paper's pseudo-code. */
        EXCHANGE,
        /** +1 once per cycle for every alive node, after the cycle's exchanges. */
        CYCLE;

        /** @param text exchange or cycle @return the switch */
        public static Aging parse(String text) {
            return EnumNames.parse(Aging.class, text);
        }
    }

    /** The order of the active sides within a cycle. */
    public enum Order {
        /** A fresh random permutation every cycle (PeerSim with its Shuffle control). */
        SHUFFLE,
        /** Address order every cycle (PeerSim's cycle-driven engine without Shuffle). */
        FIXED;

        /** @param text shuffle or fixed @return the switch */
        public static Order parse(String text) {
            return EnumNames.parse(Order.class, text);
        }
    }

    /** When the passive side of a pushpull exchange builds its answer. */
    public enum Reply {
        /** Before merging the request: the paper's passive thread. The answer never holds what it just received. */
        BEFORE,
        /** After merging the request (and aging): the answer may carry the requester's own descriptors back. */
        AFTER;

        /** @param text before or after @return the switch */
        public static Reply parse(String text) {
            return EnumNames.parse(Reply.class, text);
        }
    }

    /** Where in its cycle the crash happens. */
    public enum CrashPoint {
        /** After the cycle's last exchange: row k of stats.csv is the overlay just after the crash. */
        END,
        /** Halfway through the cycle: half of the nodes have had their turn; row k is after the whole cycle. */
        MID;

        /** @param text end or mid @return the switch */
        public static CrashPoint parse(String text) {
            return EnumNames.parse(CrashPoint.class, text);
        }
    }
}
