package dev.starling.sampling.analysis;

import java.util.Arrays;

/**
 * Computes {@link OverlayStats} from an {@link Overlay}: in-degree of every alive peer (how many alive peers
 * hold it in their views), dead links, and connected components by union-find over int arrays. Reuses its
 * arrays between calls; one instance per thread.
 */
public final class OverlayAnalyzer {
    private int[] inDegree = new int[0];
    private int[] parent = new int[0];
    private int[] rank = new int[0];

    /**
     * @param cycle   the cycle the snapshot belongs to
     * @param overlay the snapshot
     * @return the stats row
     */
    public OverlayStats analyze(int cycle, Overlay overlay) {
        int n = overlay.peerCount();
        ensureCapacity(n);
        Arrays.fill(inDegree, 0, n, 0);
        for (int p = 0; p < n; p++) {
            parent[p] = p;
            rank[p] = 0;
        }
        long deadLinks = 0;
        int alive = 0;
        for (int p = 0; p < n; p++) {
            if (overlay.isAlive(p)) {
                alive++;
            }
        }
        // each union that joins two components leaves one component fewer: after alive - 1 of them all alive peers
        // are one, and the links left need no union (in a converged overlay, most of them)
        int joins = 0;
        for (int p = 0; p < n; p++) {
            if (!overlay.isAlive(p)) {
                continue;
            }
            int size = overlay.viewSize(p);
            for (int i = 0; i < size; i++) {
                int q = overlay.viewId(p, i);
                if (q < 0 || q >= n) {
                    continue;
                }
                if (overlay.isAlive(q)) {
                    inDegree[q]++;
                    if (joins < alive - 1 && union(p, q)) {
                        joins++;
                    }
                } else {
                    deadLinks++;
                }
            }
        }
        if (alive == 0) {
            return new OverlayStats(cycle, 0, 0, 0, 0, 0, deadLinks, 0);
        }
        long sum = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        int components = alive - joins;
        for (int p = 0; p < n; p++) {
            if (overlay.isAlive(p)) {
                int d = inDegree[p];
                sum += d;
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
        }
        double mean = (double) sum / alive;
        double squares = 0;
        for (int p = 0; p < n; p++) {
            if (overlay.isAlive(p)) {
                double d = inDegree[p] - mean;
                squares += d * d;
            }
        }
        return new OverlayStats(cycle, alive, mean, Math.sqrt(squares / alive), min, max, deadLinks, components);
    }

    /**
     * The in-degrees of the alive peers from the last {@link #analyze} call, in address order.
     *
     * @param overlay the same snapshot
     * @return one value per alive peer
     */
    public int[] aliveInDegrees(Overlay overlay) {
        int n = overlay.peerCount();
        int count = 0;
        for (int p = 0; p < n; p++) {
            if (overlay.isAlive(p)) {
                count++;
            }
        }
        int[] out = new int[count];
        int w = 0;
        for (int p = 0; p < n; p++) {
            if (overlay.isAlive(p)) {
                out[w++] = inDegree[p];
            }
        }
        return out;
    }

    /**
     * The size of the largest connected component (undirected, alive peers) of the last {@link #analyze} call.
     *
     * @param overlay the same snapshot
     * @return its number of peers, 0 when none is alive
     */
    public int largestComponent(Overlay overlay) {
        int n = overlay.peerCount();
        int[] size = new int[n];
        int best = 0;
        for (int p = 0; p < n; p++) {
            if (overlay.isAlive(p)) {
                int r = find(p);
                best = Math.max(best, ++size[r]);
            }
        }
        return best;
    }

    private void ensureCapacity(int n) {
        if (inDegree.length < n) {
            inDegree = new int[n];
            parent = new int[n];
            rank = new int[n];
        }
    }

    private int find(int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    /** @return whether {@code a} and {@code b} were in two components, now joined */
    private boolean union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return false;
        }
        if (rank[ra] < rank[rb]) {
            parent[ra] = rb;
        } else if (rank[ra] > rank[rb]) {
            parent[rb] = ra;
        } else {
            parent[rb] = ra;
            rank[ra]++;
        }
        return true;
    }
}
