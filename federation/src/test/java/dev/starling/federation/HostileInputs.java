package dev.starling.federation;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of API arguments, valid and hostile alike: names, domains, texts (control
 * characters, invalid UTF-16, huge strings), limits and paging cursors. Every value is drawn from
 * one {@link SplittableRandom}, so a seed replays the same inputs.
 */
final class HostileInputs {

    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
    /** Characters a name must not hold: space, punctuation, look-alikes, case-folding traps, controls, invalid UTF-16. */
    private static final String[] HOSTILE_CHARS = {" ", "-", ".", "!", "#", "é", "\u212A" /* Kelvin sign */,
            "\u0131" /* dotless i */, "\u017F" /* long s */, "\uFF21" /* fullwidth A */, "\u0000", "\u0007", "\n",
            "\u202E" /* right-to-left override */, "\u200B" /* zero width space */, "\uD800", "\uDC00",
            "\uD83D\uDE00", "\uFEFF"};
    /** Code points a message may hold: ASCII, controls, combining marks, bidi controls, CJK, noncharacters, emoji. */
    private static final int[] TEXT_CODE_POINTS = {'a', 'Z', '0', ' ', '\t', '\n', 0x00, 0x01, 0x1B, 0x7F, 0x301,
            0x202E, 0x200D, 0x4E2D, 0xFFFF, 0xFEFF, 0x1F600, 0x1F469, 0x10FFFF, 0xE000};

    static final List<String> DEPLOYED_DOMAINS = List.of("vub.be", "VUB.BE", "Vub.Be");
    static final List<String> OTHER_DOMAINS = List.of("ulb.be", "nowhere.org", "x-y.example", "vub.be2", "be");
    static final List<String> INVALID_DOMAINS = List.of("", " ", ".vub.be", "vub.be.", "v\u00FCb.be", "vub be",
            "vub.be\u0000", "\uD800", "vub.be@vub.be", "vub/be", "b".repeat(254));

    private final SplittableRandom random;

    HostileInputs(long seed) {
        this.random = new SplittableRandom(seed);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A valid local name: 1 to 30 of A-Z a-z 0-9 _, short ones more often so that they collide. */
    String validLocal() {
        int length = chance(70) ? 1 + random.nextInt(4) : 1 + random.nextInt(30);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(NAME_CHARS.charAt(random.nextInt(chance(80) ? 6 : NAME_CHARS.length())));
        }
        return b.toString();
    }

    /** The same name in a random mixture of cases. */
    String recase(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            b.append(chance(50) ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }

    /** A local part that breaks the rules: a hostile character somewhere, or too long. */
    String invalidLocal() {
        if (chance(20)) {
            return "n".repeat(31 + random.nextInt(100));
        }
        StringBuilder b = new StringBuilder(validLocal());
        String bad = HOSTILE_CHARS[random.nextInt(HOSTILE_CHARS.length)];
        b.insert(random.nextInt(b.length() + 1), bad);
        return b.toString();
    }

    /** A name given to register, log-in, follow or profile: any form, valid or not, {@code known} ones included. */
    String name(List<String> known) {
        int form = random.nextInt(100);
        if (form < 25 && !known.isEmpty()) {
            return recase(pick(known));
        } else if (form < 40) {
            return validLocal();
        } else if (form < 55) {
            String local = known.isEmpty() || chance(50) ? validLocal() : recase(pick(known));
            return local + "@" + pick(DEPLOYED_DOMAINS);
        } else if (form < 65) {
            return validLocal() + "@" + pick(OTHER_DOMAINS);
        } else if (form < 72) {
            return validLocal() + "@" + pick(INVALID_DOMAINS);
        } else if (form < 85) {
            return invalidLocal() + (chance(50) ? "" : "@" + pick(DEPLOYED_DOMAINS));
        } else {
            return pick(List.of("", "@", "@vub.be", "alice@", "a@b@vub.be", "a@@vub.be", " alice", "alice ",
                    "n".repeat(1_000_000), "n".repeat(1_000_000) + "@vub.be", "x@" + "v".repeat(1_000_000)));
        }
    }

    /** Sometimes null, the one argument no rule lets through. */
    String nameOrNull(List<String> known) {
        return chance(3) ? null : name(known);
    }

    /** A message text: valid ones of 1 to 500 code points, or null, empty, too long, huge, or with a lone surrogate. */
    String textOrNull() {
        int form = random.nextInt(100);
        if (form < 55) {
            return validText(chance(10) ? 500 : 1 + random.nextInt(chance(80) ? 40 : 500));
        } else if (form < 60) {
            return null;
        } else if (form < 65) {
            return "";
        } else if (form < 75) {
            return validText(501 + random.nextInt(chance(50) ? 3 : 600));
        } else if (form < 80) {
            return "x".repeat(chance(50) ? 1_001 : 2_000_000);
        } else {
            StringBuilder b = new StringBuilder(validText(1 + random.nextInt(50)));
            String lone = pick(List.of("\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDE00\uD83D" /* pair reversed */));
            b.insert(random.nextInt(b.length() + 1), lone);
            // inserting into the middle of a pair splits it: either way the text holds a lone surrogate
            return b.toString();
        }
    }

    String validText(int codePoints) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            b.appendCodePoint(chance(70) ? 'a' + random.nextInt(26) : TEXT_CODE_POINTS[random.nextInt(TEXT_CODE_POINTS.length)]);
        }
        return b.toString();
    }

    /** A result limit: the edges of 1..10,000 and what lies beyond them. */
    int limit() {
        int form = random.nextInt(100);
        if (form < 60) {
            return pick(List.of(1, 2, 3, 10, 50, 100, 10_000, 1 + random.nextInt(10_000)));
        }
        return pick(List.of(0, -1, 10_001, Integer.MIN_VALUE, Integer.MAX_VALUE, -1 - random.nextInt(Integer.MAX_VALUE),
                10_001 + random.nextInt(Integer.MAX_VALUE - 10_001)));
    }

    /** A paging cursor: stamps near known ones, the edges of the positive range, and non-positive values. */
    long before(List<Long> knownStamps) {
        int form = random.nextInt(100);
        if (form < 40 && !knownStamps.isEmpty()) {
            return pick(knownStamps) + random.nextInt(3) - 1;
        } else if (form < 70) {
            return pick(List.of(1L, Long.MAX_VALUE, Long.MAX_VALUE - 1, 1 + random.nextLong(Long.MAX_VALUE - 1)));
        }
        return pick(List.of(0L, -1L, Long.MIN_VALUE, -1 - random.nextLong(Long.MAX_VALUE)));
    }
}
