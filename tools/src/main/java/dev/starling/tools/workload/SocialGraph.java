package dev.starling.tools.workload;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A follow graph: who follows whom among users {@code 0..users-1}. The synthetic one has a
 * power-law follower distribution: every user follows about {@code meanFollows} others, each
 * picked with probability proportional to {@code 1 / rank^s} over a random ranking of users
 * (Zipf), so a few users have very many followers and most have few, as in real social networks.
 * Deterministic for a given seed. Real graphs come from {@link EdgeList}.
 */
public final class SocialGraph {

    private final int users;
    private final int[][] follows;

    private SocialGraph(int users, int[][] follows) {
        this.users = users;
        this.follows = follows;
    }

    public static SocialGraph powerLaw(int users, int meanFollows, double exponent, long seed) {
        return powerLaw(users, meanFollows, exponent, seed, 1, -1);
    }

    /**
     * A power-law graph whose follows cross instances in a given share: with users placed as
     * {@link Placement} does ({@code user mod instances}), each follow is, with probability
     * {@code remoteFraction}, of a user on another instance, else of one on the follower's own
     * instance; within that choice targets keep the Zipf popularity. A negative
     * {@code remoteFraction} leaves placement out of it (about {@code (N-1)/N} of follows then
     * cross instances), and gives exactly the graph of {@link #powerLaw(int, int, double, long)}.
     */
    public static SocialGraph powerLaw(int users, int meanFollows, double exponent, long seed, int instances,
                                       double remoteFraction) {
        if (remoteFraction > 1 || (remoteFraction > 0 && instances < 2)) {
            throw new IllegalArgumentException("remote fraction must be 0 to 1, and above 0 only with 2 or more instances;"
                    + " got " + remoteFraction + " with " + instances + " instance(s)");
        }
        if (users < 2) {
            throw new IllegalArgumentException("a graph needs at least 2 users, got " + users);
        }
        if (meanFollows < 0 || meanFollows >= users) {
            throw new IllegalArgumentException("mean follows must be 0 to users - 1, got " + meanFollows);
        }
        boolean constrained = remoteFraction >= 0 && instances > 1;
        SplittableRandom random = new SplittableRandom(seed);
        int[] byRank = shuffledIdentity(users, random);
        double[] cdf = new double[users];
        double sum = 0;
        for (int r = 0; r < users; r++) {
            sum += 1.0 / Math.pow(r + 1, exponent);
            cdf[r] = sum;
        }
        int[][] follows = new int[users][];
        for (int u = 0; u < users; u++) {
            // Out-degrees vary too (uniform over 1 .. 2 * mean - 1), keeping the mean.
            int wanted = meanFollows == 0 ? 0 : 1 + random.nextInt(2 * meanFollows - 1);
            wanted = Math.min(wanted, users - 1);
            int[] targets = new int[wanted];
            int n = 0;
            int attempts = 0;
            // Placing follows rejects the samples of the wrong side: about N tries per local follow.
            int budget = constrained ? wanted * 50 * instances : wanted * 50;
            boolean wantRemote = constrained && random.nextDouble() < remoteFraction;
            while (n < wanted && attempts < budget) {
                attempts++;
                int rank = Arrays.binarySearch(cdf, random.nextDouble() * sum);
                int target = byRank[rank >= 0 ? rank : Math.min(users - 1, -rank - 1)];
                if (target == u || contains(targets, n, target)
                        || (constrained && (target % instances != u % instances) != wantRemote)) {
                    continue;
                }
                targets[n++] = target;
                if (constrained) {
                    wantRemote = random.nextDouble() < remoteFraction;
                }
            }
            follows[u] = Arrays.copyOf(targets, n);
        }
        return new SocialGraph(users, follows);
    }

    /** A graph given as explicit edges (user {@code u} follows each of {@code follows[u]}). */
    public static SocialGraph of(int[][] follows) {
        return new SocialGraph(follows.length, follows);
    }

    private static boolean contains(int[] values, int n, int value) {
        for (int i = 0; i < n; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private static int[] shuffledIdentity(int n, SplittableRandom random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    public int users() {
        return users;
    }

    /** The users that {@code user} follows. */
    public int[] follows(int user) {
        return follows[user];
    }

    public long edges() {
        long e = 0;
        for (int[] f : follows) {
            e += f.length;
        }
        return e;
    }

    /** The largest number of followers of one user. */
    public int maxFollowers() {
        return Arrays.stream(followerCounts()).max().orElse(0);
    }

    /** Share of follows whose two users live on different instances under {@link Placement}. */
    public double remoteShare(int instances) {
        long remote = 0;
        for (int u = 0; u < users; u++) {
            for (int t : follows[u]) {
                if (t % instances != u % instances) {
                    remote++;
                }
            }
        }
        long all = edges();
        return all == 0 ? 0 : (double) remote / all;
    }

    /** Followers per user. */
    public int[] followerCounts() {
        int[] counts = new int[users];
        for (int[] f : follows) {
            for (int t : f) {
                counts[t]++;
            }
        }
        return counts;
    }
}
