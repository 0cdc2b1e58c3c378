package dev.starling.redis;

/**
 * The Redis keys of one instance, all under one prefix ({@code starling:<deployment tag>:<domain>:})
 * so that instances, and deployments sharing a server, never see each other's keys:
 *
 * <ul>
 *   <li>{@code names}: hash, folded local name to {@code "<user id> <local name as registered>"};</li>
 *   <li>{@code following:<uid>}: set of the qualified names (folded) the user follows;</li>
 *   <li>{@code followers:<uid>}: set of the ids of the user's followers on this instance;</li>
 *   <li>{@code remote:<uid>}: set of the other instances' domains that have followers of the user;</li>
 *   <li>{@code rfollowers:<name@domain>}: set of the ids of this instance's followers of a remote user;</li>
 *   <li>{@code m:<id>}: string, one stored message ({@link StoredMessages}), a remote one included;</li>
 *   <li>{@code profile:<uid>}: sorted set of the user's message ids scored by stamp, never trimmed;</li>
 *   <li>{@code home:<uid>}: sorted set of the home feed's message ids scored by stamp, trimmed to the window.</li>
 * </ul>
 *
 * Members of the sorted sets are ids zero-padded to 19 digits, so that entries with the same stamp
 * sort by id: a reverse range by score lists them newest stamp first, ties by higher id first,
 * the API's one order.
 */
final class FeedKeys {

    private final String prefix;
    private final String names;

    FeedKeys(String deploymentTag, String domain) {
        this.prefix = "starling:" + deploymentTag + ":" + domain + ":";
        this.names = prefix + "names";
    }

    /** The prefix of every key of the instance (for a scan that removes them). */
    String prefix() {
        return prefix;
    }

    String names() {
        return names;
    }

    String following(long uid) {
        return prefix + "following:" + uid;
    }

    String followers(long uid) {
        return prefix + "followers:" + uid;
    }

    String remoteInstances(long uid) {
        return prefix + "remote:" + uid;
    }

    String remoteFollowers(String qualifiedFolded) {
        return prefix + "rfollowers:" + qualifiedFolded;
    }

    String message(String member) {
        return prefix + "m:" + member;
    }

    String profile(long uid) {
        return prefix + "profile:" + uid;
    }

    String home(long uid) {
        return prefix + "home:" + uid;
    }

    /** A message id as a sorted-set member: 19 digits, zero-padded, so that members sort as ids do. */
    static String member(long id) {
        String digits = Long.toString(id);
        return "0".repeat(19 - digits.length()) + digits;
    }
}
