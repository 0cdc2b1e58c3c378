package dev.starling.spi;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules' edges, where random samples rarely land: each length limit at and one past its
 * bound, the first and last character of each allowed range, what the parsers return (not only
 * that they accept), and the printable form of a name in an error.
 */
class ValidationEdgeTest {

    @Test
    void shouldAcceptNamesOfExactlyThirtyCharactersAndEveryRangesEdges() {
        assertTrue(Validation.isValidLocalName("a".repeat(30)));
        assertFalse(Validation.isValidLocalName("a".repeat(31)));
        assertTrue(Validation.isValidLocalName("azAZ09_"));
        assertFalse(Validation.isValidLocalName(""));
        assertFalse(Validation.isValidLocalName(null));
    }

    @Test
    void shouldAcceptDomainsOfExactly253CharactersAndEveryRangesEdges() {
        String label = "a".repeat(63);
        String domain253 = label + "." + label + "." + label + "." + "b".repeat(61);
        assertEquals(253, domain253.length());
        assertTrue(Validation.isValidDomain(domain253));
        assertFalse(Validation.isValidDomain(domain253 + "c"));
        assertTrue(Validation.isValidDomain("aA0-zZ9.be"));
        for (String edge : new String[] {"A", "Z", "a", "z", "0", "9", "-"}) {
            assertTrue(Validation.isValidDomain(edge + ".be"), edge);
        }
        for (char outside : new char[] {'@', '[', '`', '{', '/', ':', ','}) {
            assertFalse(Validation.isValidDomain(outside + ".be"), String.valueOf(outside));
        }
    }

    @Test
    void shouldAcceptTextsOfExactly500CodePointsCountingSurrogatePairsOnce() {
        Validation.checkText("a".repeat(500));
        assertInvalidText("a".repeat(501));
        String emoji = "\uD83D\uDE00";
        Validation.checkText(emoji.repeat(500)); // 1,000 UTF-16 units, 500 code points
        assertInvalidText(emoji.repeat(501));
        assertInvalidText(emoji.repeat(499) + "ab"); // 501 code points in 1,000 units
        Validation.checkText("x" + emoji + "y");
    }

    @Test
    void shouldAcceptLimitsFromOneTo10000AndCursorsFromOne() {
        Validation.checkLimit(1);
        Validation.checkLimit(10_000);
        assertInvalidArgument(() -> Validation.checkLimit(0));
        assertInvalidArgument(() -> Validation.checkLimit(10_001));
        Validation.checkBefore(1);
        assertInvalidArgument(() -> Validation.checkBefore(0));
    }

    @Test
    void shouldReturnTheLocalPartAndTheQualifiedNameItParsed() {
        assertEquals("alice", Validation.localNameOnInstance("alice", "vub.be"));
        assertEquals("alice", Validation.localNameOnInstance("alice@VUB.be", "vub.be"));
        Validation.QualifiedName bob = Validation.parseUser("Bob@ULB.be", "vub.be");
        assertEquals(new Validation.QualifiedName("Bob", "ulb.be"), bob);
        assertEquals("Bob@ulb.be", bob.toString());
        assertEquals(new Validation.QualifiedName("carol", "vub.be"), Validation.parseUser("carol", "VUB.be"));
    }

    @Test
    void shouldFoldNamesToOneFormAndCompareThemIgnoringAsciiCase() {
        assertEquals("alice_1", Validation.foldName("AlIcE_1"));
        assertTrue(Validation.sameName("Alice", "aLICE"));
        assertFalse(Validation.sameName("alice", "alicia"));
    }

    @Test
    void shouldReadAfterACursorOnlyWhenItIsAMessageWithAPositiveStamp() {
        AtomicLong asked = new AtomicLong();
        CompletableFuture<String> page = Validation.afterCursor(new Message(42, "a@vub.be", "t", 7),
                (micros, id) -> {
                    asked.set(micros * 1000 + id);
                    return CompletableFuture.completedFuture("page");
                });
        assertEquals("page", page.join());
        assertEquals(7_042, asked.get(), "the read gets the cursor's stamp and id");
        for (Message bad : new Message[] {null, new Message(42, "a@vub.be", "t", 0)}) {
            CompletableFuture<String> refused = Validation.afterCursor(bad, (micros, id) -> {
                throw new AssertionError("no read after an invalid cursor");
            });
            CompletionException e = assertThrows(CompletionException.class, refused::join);
            assertEquals(ErrorCode.INVALID_ARGUMENT, ((StarlingException) e.getCause()).code());
        }
    }

    @Test
    void shouldPrintAtMost40CharactersWithControlsAndSurrogatesEscaped() {
        assertEquals("null", Validation.printable(null));
        assertEquals("a".repeat(40), Validation.printable("a".repeat(40)));
        assertEquals("a".repeat(40) + "...", Validation.printable("a".repeat(41)));
        assertEquals("a\\u0007b\\u001fc\\u007fd ~", Validation.printable("a\u0007b\u001fc\u007fd ~"));
        assertEquals("\\ud83d\\ude00", Validation.printable("\uD83D\uDE00"));
        assertEquals("\u00e9\u212a", Validation.printable("\u00e9\u212a"), "other code points print as they are");
    }

    private static void assertInvalidText(String text) {
        StarlingException e = assertThrows(StarlingException.class, () -> Validation.checkText(text));
        assertEquals(ErrorCode.INVALID_TEXT, e.code());
    }

    private static void assertInvalidArgument(Runnable call) {
        StarlingException e = assertThrows(StarlingException.class, call::run);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }
}
