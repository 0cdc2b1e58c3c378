package dev.starling.tools.workload;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A synthetic follow graph with a power-law follower distribution: every user follows about
 * {@code meanFollows} others, each picked with probability proportional to {@code 1 / rank^s}
 * over a random ranking of users (Zipf), so a few users have very many followers and most
 * have few, as in real social networks. Deterministic for a given seed.
 */
public final class SocialGraph {

    private final int users;
    private final int[][] follows;

    private SocialGraph(int users, int[][] follows) {
        this.users = users;
        this.follows = follows;
    }

    public static SocialGraph powerLaw(int users, int meanFollows, double exponent, long seed) {
        if (users < 2) {
            throw new IllegalArgumentException("a graph needs at least 2 users, got " + users);
        }
        if (meanFollows < 0 || meanFollows >= users) {
            throw new IllegalArgumentException("mean follows must be 0 to users - 1, got " + meanFollows);
        }
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
            while (n < wanted && attempts < wanted * 50) {
                attempts++;
                int rank = Arrays.binarySearch(cdf, random.nextDouble() * sum);
                int target = byRank[rank >= 0 ? rank : Math.min(users - 1, -rank - 1)];
                if (target != u && !contains(targets, n, target)) {
                    targets[n++] = target;
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
