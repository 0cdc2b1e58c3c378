package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.starling.federation.Api.await;
import static dev.starling.federation.Api.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A name whose domain only looks like an instance's (a Kelvin sign for {@code k}, a long s, a
 * dotless i, full-width letters...) never passes as that instance's: names and domains are
 * compared in one ASCII normal form, on both engines and in the deployment's directory.
 */
class LookAlikeNameTest {

    /** Every ASCII letter, so that any code point folding to a letter can stand in for one. */
    static final String ALPHABET_DOMAIN = "abcdefghijklmnopqrstuvwxyz.be";

    private Deployment deployment;
    private Locale defaultLocale;

    @AfterEach
    void close() {
        if (deployment != null) {
            deployment.close();
        }
        if (defaultLocale != null) {
            Locale.setDefault(defaultLocale);
        }
    }

    /** The reported inputs, on their own instances. */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldRefuseTheReportedLookAlikes(EngineKind kind) {
        deployment = Deployment.builder().instances("kuleuven.be", "uhasselt.be", "uliege.be").engine(kind).start();
        String[][] cases = {
                {"kuleuven.be", "\u212Auleuven.be"},
                {"uhasselt.be", "uha\u017Fselt.be"},
                {"uliege.be", "ul\u0131ege.be"},
        };
        for (String[] c : cases) {
            Instance instance = deployment.instance(c[0]);
            String lookAlike = c[1];
            expectError(ErrorCode.INVALID_NAME, instance.registerUser("alice@" + lookAlike));
            Session alice = await(instance.registerUser("alice@" + c[0]));
            expectError(ErrorCode.INVALID_NAME, instance.logIn("alice@" + lookAlike));
            expectError(ErrorCode.UNKNOWN_INSTANCE, call(() -> deployment.instance(lookAlike)));
            Session bob = await(instance.registerUser("bob"));
            expectError(ErrorCode.INVALID_NAME, bob.follow("alice@" + lookAlike));
            expectError(ErrorCode.INVALID_NAME, bob.profile("alice@" + lookAlike, 10));
            assertEquals(c[0], deployment.instance(c[0].toUpperCase(Locale.ROOT)).domain());
            assertEquals("alice@" + c[0], alice.user());
        }
    }

    /**
     * Every code point outside ASCII that some folding (Java's case mappings, with and without a
     * locale, {@code equalsIgnoreCase}, NFKC) turns into an ASCII letter, put in the place of that
     * letter in a domain: refused by register, log-in, follow, profile and the directory.
     */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldRefuseEveryCodePointThatFoldsToAnAsciiLetter(EngineKind kind) {
        deployment = Deployment.builder().instances(ALPHABET_DOMAIN).engine(kind).start();
        Instance instance = deployment.instance(ALPHABET_DOMAIN);
        Session reader = await(instance.registerUser("reader"));
        await(instance.registerUser("alice"));
        List<String> lookAlikes = lookAlikeDomains(ALPHABET_DOMAIN);
        assertTrue(lookAlikes.size() > 900, "NFKC alone folds about a thousand code points to letters: " + lookAlikes.size());
        for (String lookAlike : lookAlikes) {
            String name = "alice@" + lookAlike;
            expectError(ErrorCode.INVALID_NAME, instance.registerUser(name));
            expectError(ErrorCode.INVALID_NAME, instance.logIn(name));
            expectError(ErrorCode.INVALID_NAME, reader.follow(name));
            expectError(ErrorCode.INVALID_NAME, reader.profile(name, 1));
            expectError(ErrorCode.UNKNOWN_INSTANCE, call(() -> deployment.instance(lookAlike)));
        }
    }

    /** Names are folded with {@code Locale.ROOT}: a Turkish default locale changes nothing. */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void shouldFoldNamesTheSameUnderATurkishDefaultLocale(EngineKind kind) {
        defaultLocale = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        deployment = Deployment.builder().instances("uliege.be", "vub.be").engine(kind).start();
        Instance uliege = deployment.instance("ULIEGE.BE");
        assertEquals("uliege.be", uliege.domain());
        Session ivan = await(uliege.registerUser("IVAN"));
        assertEquals("IVAN@uliege.be", await(uliege.logIn("ivan@ULIEGE.be")).user());
        expectError(ErrorCode.USER_EXISTS, uliege.registerUser("ivan"));
        Session vera = await(deployment.instance("vub.be").registerUser("vera"));
        await(vera.follow("Ivan@Uliege.Be"));
        await(ivan.sendMessage("hi"));
        assertTrue(deployment.awaitQuiescent(java.time.Duration.ofSeconds(30)));
        assertEquals(1, await(vera.timeline(10)).size());
    }

    /** Each code point that folds to a letter of {@code domain}, put in that letter's place. */
    static List<String> lookAlikeDomains(String domain) {
        List<String> result = new ArrayList<>();
        for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                continue;
            }
            char letter = asciiLetterFoldedFrom(cp);
            if (letter == 0) {
                continue;
            }
            int at = domain.indexOf(Character.toLowerCase(letter));
            assertFalse(at < 0, "the domain holds every letter");
            result.add(domain.substring(0, at) + new String(Character.toChars(cp)) + domain.substring(at + 1));
        }
        return result;
    }

    /** The ASCII letter some folding turns {@code cp} into, or 0. */
    static char asciiLetterFoldedFrom(int cp) {
        String s = new String(Character.toChars(cp));
        List<String> folds = List.of(s.toLowerCase(Locale.ROOT), s.toUpperCase(Locale.ROOT),
                s.toLowerCase(Locale.forLanguageTag("tr")), s.toUpperCase(Locale.forLanguageTag("tr")),
                new String(Character.toChars(Character.toLowerCase(cp))),
                new String(Character.toChars(Character.toUpperCase(cp))),
                Normalizer.normalize(s, Normalizer.Form.NFKC), Normalizer.normalize(s, Normalizer.Form.NFKD));
        for (String fold : folds) {
            if (!fold.isEmpty() && isAsciiLetter(fold.charAt(0))) {
                return fold.charAt(0);
            }
        }
        for (char c = 'a'; c <= 'z'; c++) {
            if (s.equalsIgnoreCase(String.valueOf(c))) {
                return c;
            }
        }
        return 0;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** A call that throws, as a future (to check it with {@link Api#expectError}). */
    private static java.util.concurrent.CompletableFuture<Object> call(java.util.function.Supplier<Object> call) {
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(call.get());
        } catch (StarlingException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    static void assertRefused(ErrorCode code, Runnable call) {
        StarlingException e = assertThrows(StarlingException.class, call::run);
        assertEquals(code, e.code());
    }
}
