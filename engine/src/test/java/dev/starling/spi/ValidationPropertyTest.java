package dev.starling.spi;

import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The input rules that every engine kind shares, checked against independent oracles on every
 * UTF-16 code unit and on many seeded random strings: what is accepted, and that a rejection is a
 * {@link StarlingException} with the rule's code and a short message, however large the input.
 */
class ValidationPropertyTest {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,30}");
    /**
     * Under mutation testing (the pit profile sets {@code starling.mutationTesting}) every surviving
     * mutant runs these tests again, so they walk a tenth of the samples and every 31st code point
     * beyond ASCII (plus the look-alikes and the planes' edges), which kills the same mutants.
     */
    private static final boolean MUTATION_TESTING = Boolean.getBoolean("starling.mutationTesting");
    private static final int SAMPLES = MUTATION_TESTING ? 2_000 : 20_000;
    private static final int CODE_POINT_STRIDE = MUTATION_TESTING ? 31 : 1;

    @Test
    void shouldAcceptExactlyTheNameCharactersAmongAllCodeUnits() {
        for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c += c < 0x80 ? 1 : CODE_POINT_STRIDE) {
            String name = "ab" + (char) c + "cd";
            boolean expected = NAME.matcher(name).matches();
            assertEquals(expected, Validation.isValidLocalName(name), "code unit " + Integer.toHexString(c));
            if (c != '@') {
                checkName(expected, () -> Validation.localNameOnInstance(name, "vub.be"));
                checkName(expected, () -> Validation.parseUser(name, "vub.be"));
            }
        }
    }

    @Test
    void shouldValidateRandomNamesAsTheRuleSays() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < SAMPLES / 2; i++) {
            String local = randomString(random, random.nextInt(40), "aZ9_ -@.\u00E9\u212A\u0000\uD800");
            boolean valid = NAME.matcher(local).matches();
            checkName(valid, () -> Validation.localNameOnInstance(local, "vub.be"));
            checkName(valid, () -> Validation.localNameOnInstance(local + "@VUB.be", "vub.be"));
            checkName(false, () -> Validation.localNameOnInstance(local + "@ulb.be", "vub.be"));
            checkName(valid, () -> Validation.parseUser(local + "@ulb.be", "vub.be"));
        }
    }

    @Test
    void shouldAcceptTextsExactlyWhenTheyAreValidUnicodeOfOneTo500CodePoints() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < SAMPLES; i++) {
            int length = random.nextInt(4) == 0 ? 495 + random.nextInt(520) : random.nextInt(60);
            String text = randomString(random, length, "a\u0000\n\u202E\uD83D\uDE00\uD800\uDFFF\uFFFF\u4E2D");
            // an unpaired surrogate does not survive a round trip through UTF-8: an oracle independent of the rule
            boolean wellFormed = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text);
            boolean expected = wellFormed && !text.isEmpty() && text.codePointCount(0, text.length()) <= 500;
            check(expected, ErrorCode.INVALID_TEXT, () -> {
                Validation.checkText(text);
                return null;
            });
        }
        check(false, ErrorCode.INVALID_TEXT, () -> {
            Validation.checkText(null);
            return null;
        });
    }

    @Test
    void shouldAcceptLimitsAndCursorsOnlyInRange() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < SAMPLES; i++) {
            int limit = random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(-5, 10_010);
            check(limit >= 1 && limit <= 10_000, ErrorCode.INVALID_ARGUMENT, () -> {
                Validation.checkLimit(limit);
                return null;
            });
            long before = random.nextInt(3) == 0 ? random.nextLong() : random.nextLong(-5, 5);
            check(before > 0, ErrorCode.INVALID_ARGUMENT, () -> {
                Validation.checkBefore(before);
                return null;
            });
        }
    }

    /**
     * Every code point outside ASCII, in the place of each letter of the instance's own domain:
     * never the instance's (the Kelvin sign folds to {@code k}, the long s to {@code s}, the
     * dotless i to {@code i} under {@code equalsIgnoreCase}), never a valid domain at all.
     */
    @Test
    void shouldRefuseEveryNonAsciiCodePointInADomainOrName() {
        String domain = "kuleuven.be";
        int[] codePoints = IntStream.concat(IntStream.iterate(0x80, cp -> cp <= Character.MAX_CODE_POINT, cp -> cp + CODE_POINT_STRIDE),
                        IntStream.of(0xFF, 0x131, 0x17F, 0x212A, 0xFFFF, 0x10000, Character.MAX_CODE_POINT))
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE).distinct().toArray();
        for (int cp : codePoints) {
            String c = new String(Character.toChars(cp));
            String lookAlike = c + domain.substring(1);
            checkName(false, () -> Validation.localNameOnInstance("alice@" + lookAlike, domain));
            if (cp > 0xFFFF) {
                continue; // the whole range in the first place, the basic plane in every other
            }
            for (int at : new int[] {2, 4}) { // l, e
                String other = domain.substring(0, at) + c + domain.substring(at + 1);
                checkName(false, () -> Validation.localNameOnInstance("alice@" + other, domain));
                checkName(false, () -> Validation.parseUser("alice@" + other, domain));
            }
            checkName(false, () -> Validation.parseUser("alice@" + lookAlike, domain));
            checkName(false, () -> Validation.localNameOnInstance("ali" + c + "e", domain));
            checkName(false, () -> Validation.parseUser("ali" + c + "e@vub.be", domain));
        }
    }

    /**
     * Domains against an independent oracle (non-empty labels of letters, digits and hyphens
     * joined by single dots, at most 253 characters), on random strings rich in dots: an empty
     * label such as {@code vub..be} is no domain, on every path that parses one.
     */
    @Test
    void shouldAcceptExactlyTheDomainsOfNonEmptyLabels() {
        Pattern oracle = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*");
        for (String domain : new String[] {"vub..be", ".vub.be", "vub.be.", "..", ".", "a..b..c"}) {
            assertEquals(false, Validation.isValidDomain(domain), domain);
            checkName(false, () -> Validation.parseUser("alice@" + domain, "vub.be"));
        }
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < SAMPLES; i++) {
            String domain = randomString(random, random.nextInt(1, random.nextInt(8) == 0 ? 300 : 12), "..-9Z@\u00E9");
            boolean expected = domain.length() <= 253 && oracle.matcher(domain).matches();
            assertEquals(expected, Validation.isValidDomain(domain), domain);
            assertEquals(expected ? domain.toLowerCase(Locale.ROOT) : null, Validation.normalizeDomain(domain), domain);
            checkName(expected, () -> Validation.parseUser("alice@" + domain, "vub.be"));
        }
    }

    @Test
    void shouldKeepErrorMessagesShortForHugeInputs() {
        String huge = "\u0007".repeat(5_000_000);
        StarlingException name = assertThrows(StarlingException.class, () -> Validation.localNameOnInstance(huge, "vub.be"));
        StarlingException user = assertThrows(StarlingException.class, () -> Validation.parseUser(huge + "@vub.be", "vub.be"));
        StarlingException text = assertThrows(StarlingException.class, () -> Validation.checkText(huge));
        for (StarlingException e : new StarlingException[] {name, user, text}) {
            assertTrue(e.getMessage().length() < 400, "bounded, not proportional to the input: " + e.getMessage().length() + " characters");
            assertTrue(e.getMessage().chars().noneMatch(c -> c == 7), "control characters are escaped");
        }
    }

    private static void checkName(boolean valid, Supplier<Object> call) {
        check(valid, ErrorCode.INVALID_NAME, call);
    }

    private static void check(boolean valid, ErrorCode code, Supplier<Object> call) {
        if (valid) {
            call.get();
        } else {
            StarlingException e = assertThrows(StarlingException.class, call::get);
            assertEquals(code, e.code(), e.getMessage());
        }
    }

    private static String randomString(SplittableRandom random, int length, String alphabet) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(random.nextInt(2) == 0 ? (char) ('a' + random.nextInt(26)) : alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
