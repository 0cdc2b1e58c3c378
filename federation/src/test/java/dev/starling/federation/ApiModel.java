package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A reference model of one instance, written from API.md's rules alone: it says which error
 * codes a call may answer (more than one when several arguments are wrong, since API.md does
 * not rank them) and what a successful call must return.
 */
final class ApiModel {

    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9_]{1,30}");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*");

    private final String domain;
    private final Map<String, User> users = new LinkedHashMap<>();

    /** The backfill API.md promises at least: the newest messages a follow brings. */
    static final int BACKFILL = 100;
    /** The timeline entries API.md promises to keep at least. */
    static final int WINDOW = 800;

    /**
     * A registered user: its name as registered, its messages oldest first, whom it follows (with
     * how many messages each followed user had sent when the follow completed).
     */
    static final class User {
        final String qualified;
        final List<Message> messages = new ArrayList<>();
        final Map<String, Integer> following = new LinkedHashMap<>();

        /** Records a completed follow of {@code followed}; following twice changes nothing. */
        void follow(String key, User followed) {
            following.putIfAbsent(key, followed.messages.size());
        }

        User(String qualified) {
            this.qualified = qualified;
        }
    }

    ApiModel(String domain) {
        this.domain = domain;
    }

    /** A name's local part when {@code name} is a valid name on this instance, else null. */
    String localOnInstance(String name) {
        if (name == null) {
            return null;
        }
        int at = name.indexOf('@');
        String local = at < 0 ? name : name.substring(0, at);
        if (at >= 0 && !name.substring(at + 1).equalsIgnoreCase(domain)) {
            return null;
        }
        return LOCAL.matcher(local).matches() ? local : null;
    }

    /** What naming {@code target} in follow or profile may answer: empty when it names an existing local user. */
    Set<ErrorCode> targetErrors(String target) {
        if (target == null) {
            return EnumSet.of(ErrorCode.INVALID_NAME);
        }
        int at = target.indexOf('@');
        String local = at < 0 ? target : target.substring(0, at);
        String targetDomain = at < 0 ? domain : target.substring(at + 1);
        if (!LOCAL.matcher(local).matches() || !validDomain(targetDomain)) {
            return EnumSet.of(ErrorCode.INVALID_NAME);
        }
        if (!targetDomain.equalsIgnoreCase(domain)) {
            return EnumSet.of(ErrorCode.UNKNOWN_INSTANCE);
        }
        return users.containsKey(key(local)) ? EnumSet.noneOf(ErrorCode.class) : EnumSet.of(ErrorCode.UNKNOWN_USER);
    }

    static boolean validDomain(String d) {
        return d.length() <= 253 && DOMAIN.matcher(d).matches();
    }

    /** Text rule: 1 to 500 code points, no unpaired surrogate. */
    static boolean validText(String text) {
        if (text == null || text.isEmpty() || text.length() > 1_000) {
            return false;
        }
        return text.codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) && text.codePointCount(0, text.length()) <= 500;
    }

    static boolean validLimit(int limit) {
        return limit >= 1 && limit <= 10_000;
    }

    static boolean validBefore(long before) {
        return before > 0;
    }

    User user(String local) {
        return users.get(key(local));
    }

    /** The user whose qualified name is {@code qualified} (as a session reports it). */
    User userNamed(String qualified) {
        return users.get(key(qualified.substring(0, qualified.indexOf('@'))));
    }

    User register(String local) {
        User u = new User(local + "@" + domain);
        users.put(key(local), u);
        return u;
    }

    List<User> users() {
        return List.copyOf(users.values());
    }

    List<String> localNames() {
        List<String> names = new ArrayList<>();
        for (User u : users.values()) {
            names.add(u.qualified.substring(0, u.qualified.indexOf('@')));
        }
        return names;
    }

    /** A profile page: newest first, strictly older than {@code before}, at most {@code limit}. */
    static List<Message> page(List<Message> oldestFirst, int limit, long before) {
        List<Message> page = new ArrayList<>();
        for (int i = oldestFirst.size() - 1; i >= 0 && page.size() < limit; i--) {
            if (oldestFirst.get(i).timestampMicros() < before) {
                page.add(oldestFirst.get(i));
            }
        }
        return page;
    }

    /** Every message a timeline of {@code u} may show: every message of every followed user, newest first. */
    List<Message> timeline(User u) {
        List<Message> all = new ArrayList<>();
        for (String followed : u.following.keySet()) {
            all.addAll(users.get(followed).messages);
        }
        all.sort(NEWEST_FIRST);
        return all;
    }

    /**
     * The messages a quiescent timeline of {@code u} must show, newest first: of each followed
     * user, every message sent after the follow and the newest {@link #BACKFILL} sent before it.
     */
    List<Message> requiredTimeline(User u) {
        List<Message> required = new ArrayList<>();
        u.following.forEach((followed, sentBefore) -> {
            List<Message> all = users.get(followed).messages;
            required.addAll(all.subList(Math.max(0, sentBefore - BACKFILL), all.size()));
        });
        required.sort(NEWEST_FIRST);
        return required;
    }

    /**
     * Null when {@code shown}, a complete read of {@code u}'s quiescent timeline, is one the API
     * allows, else what is wrong: each message once, newest first, only followed users'
     * messages, every required one ({@link #requiredTimeline}) unless the window is full, and
     * then every required one newer than the oldest shown.
     */
    String timelineViolation(User u, List<Message> shown) {
        Set<Message> allowed = new LinkedHashSet<>(timeline(u));
        for (int i = 0; i < shown.size(); i++) {
            if (!allowed.contains(shown.get(i))) {
                return "not a followed user's message: " + shown.get(i);
            }
            if (i > 0 && NEWEST_FIRST.compare(shown.get(i - 1), shown.get(i)) >= 0) {
                return "not newest first, each once, at " + i + ": " + shown.get(i - 1) + " then " + shown.get(i);
            }
        }
        Set<Message> seen = new LinkedHashSet<>(shown);
        boolean full = shown.size() >= WINDOW;
        for (Message m : requiredTimeline(u)) {
            boolean mustShow = !full || NEWEST_FIRST.compare(m, shown.get(shown.size() - 1)) < 0;
            if (mustShow && !seen.contains(m)) {
                return "missing " + m + (full ? " (newer than the oldest of a full window)" : "");
            }
        }
        return null;
    }

    private static final Comparator<Message> NEWEST_FIRST =
            Comparator.comparingLong(Message::timestampMicros).thenComparingLong(Message::id).reversed();

    static String key(String local) {
        return local.toLowerCase(Locale.ROOT);
    }
}
