package dev.starling.spi;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.StarlingException;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The input rules of the API, checked on the caller's thread before a request enters any ring,
 * so that handlers only ever see well-formed requests. Shared by every engine kind.
 *
 * <p>Names and domains have one normal form, used wherever one is parsed or compared (the API,
 * the deployment's directory, federation, the command line): ASCII only, case folded with
 * {@code Locale.ROOT} ({@link #foldName}, {@link #normalizeDomain}). Java's case-insensitive
 * comparisons fold some other code points to ASCII letters (the Kelvin sign U+212A to "k",
 * the long s U+017F to "s", the dotless i U+0131 to "i"), which would let a look-alike domain
 * pass as an instance's own; no such folding is ever applied to unchecked input here. Unicode domains are not accepted, not
 * even through {@link java.net.IDN#toASCII}: its nameprep maps the Kelvin sign to {@code k} too.
 */
public final class Validation {

    public static final int MAX_NAME_LENGTH = 30;
    public static final int MAX_TEXT_CODE_POINTS = 500;
    public static final int MAX_LIMIT = 10_000;

    private Validation() {
    }

    /** True when {@code name} is 1 to 30 of {@code A-Z a-z 0-9 _}. */
    public static boolean isValidLocalName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The local part of a name given to {@code registerUser} or {@code logIn} on {@code domain}:
     * {@code "alice"} or {@code "alice@vub.be"} on vub.be; anything else is {@code INVALID_NAME}.
     */
    public static String localNameOnInstance(String name, String domain) {
        if (name == null) {
            throw new StarlingException(ErrorCode.INVALID_NAME, "user name is null");
        }
        String local = name;
        int at = name.indexOf('@');
        if (at >= 0) {
            String nameDomain = normalizeDomain(name.substring(at + 1));
            if (nameDomain == null || !nameDomain.equals(normalizeDomain(domain))) {
                throw new StarlingException(ErrorCode.INVALID_NAME,
                        "'" + printable(name) + "' does not belong to instance " + domain);
            }
            local = name.substring(0, at);
        }
        if (!isValidLocalName(local)) {
            throw new StarlingException(ErrorCode.INVALID_NAME,
                    "user name must be 1 to 30 of A-Z a-z 0-9 _, got '" + printable(name) + "'");
        }
        return local;
    }

    /** Splits {@code "bob@ulb.be"} or {@code "bob"} (on {@code ownDomain}) into its parts, validating both. */
    public static QualifiedName parseUser(String user, String ownDomain) {
        if (user == null) {
            throw new StarlingException(ErrorCode.INVALID_NAME, "user is null");
        }
        int at = user.indexOf('@');
        String local = at < 0 ? user : user.substring(0, at);
        String domain = at < 0 ? ownDomain : user.substring(at + 1);
        if (!isValidLocalName(local) || !isValidDomain(domain)) {
            throw new StarlingException(ErrorCode.INVALID_NAME,
                    "expected name or name@domain, got '" + printable(user) + "'");
        }
        return new QualifiedName(local, normalizeDomain(domain));
    }

    /**
     * A domain in its one normal form (ASCII, lower case), or null when it is not a domain of
     * ASCII letters, digits, hyphens and dots ({@link #isValidDomain}).
     */
    public static String normalizeDomain(String domain) {
        return isValidDomain(domain) ? domain.toLowerCase(Locale.ROOT) : null;
    }

    /** A valid local name ({@link #isValidLocalName}: ASCII only) folded to the form names are unique in. */
    public static String foldName(String localName) {
        return localName.toLowerCase(Locale.ROOT);
    }

    /** True when two valid local names are the same user's (ASCII, ignoring case). */
    public static boolean sameName(String a, String b) {
        return foldName(a).equals(foldName(b));
    }

    /**
     * A domain: 1 to 253 of letters, digits, '-', '.', made of non-empty labels separated by
     * single dots (so not starting or ending with '.', and no "..").
     */
    public static boolean isValidDomain(String domain) {
        if (domain == null || domain.isEmpty() || domain.length() > 253
                || domain.startsWith(".") || domain.endsWith(".")) {
            return false;
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || (c == '.' && domain.charAt(i - 1) != '.');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Checks a message text: 1 to 500 code points of valid Unicode (no unpaired surrogate). */
    public static void checkText(String text) {
        if (text == null || text.isEmpty()) {
            throw new StarlingException(ErrorCode.INVALID_TEXT, "text must not be empty");
        }
        if (text.length() > 2 * MAX_TEXT_CODE_POINTS) {
            throw new StarlingException(ErrorCode.INVALID_TEXT, "text longer than 500 characters");
        }
        int codePoints = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    throw new StarlingException(ErrorCode.INVALID_TEXT, "unpaired surrogate at index " + i);
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new StarlingException(ErrorCode.INVALID_TEXT, "unpaired surrogate at index " + i);
            }
            codePoints++;
        }
        if (codePoints > MAX_TEXT_CODE_POINTS) {
            throw new StarlingException(ErrorCode.INVALID_TEXT, "text longer than 500 characters: " + codePoints);
        }
    }

    /** Checks a result limit: 1 to 10,000. */
    public static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "limit must be 1 to 10000, got " + limit);
        }
    }

    /** Checks a paging cursor: a positive stamp in microseconds. */
    public static void checkBefore(long beforeMicros) {
        if (beforeMicros <= 0) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "before must be a positive stamp, got " + beforeMicros);
        }
    }

    /** Checks a paging cursor message: not null, with a positive stamp. */
    public static void checkCursor(Message before) {
        if (before == null) {
            throw new StarlingException(ErrorCode.INVALID_ARGUMENT, "before must be a message, got null");
        }
        checkBefore(before.timestampMicros());
    }

    /** A read of the entries after a cursor message, given its stamp and id. */
    @FunctionalInterface
    public interface CursorRead<T> {
        CompletableFuture<T> after(long beforeMicros, long beforeId);
    }

    /**
     * The page after the cursor message {@code before} ({@link #checkCursor checked}), or a future
     * failed with {@code INVALID_ARGUMENT}: the paging-by-message entry of every engine's session.
     */
    public static <T> CompletableFuture<T> afterCursor(Message before, CursorRead<T> read) {
        try {
            checkCursor(before);
        } catch (StarlingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return read.after(before.timestampMicros(), before.id());
    }

    /** The name as it can be safely printed in an error: at most 40 characters, control characters escaped. */
    public static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > 40) {
            b.append("...");
        }
        return b.toString();
    }

    /** A user name split into its local part and its (lower-case) domain. */
    public record QualifiedName(String local, String domain) {
        @Override
        public String toString() {
            return local + "@" + domain;
        }
    }
}
