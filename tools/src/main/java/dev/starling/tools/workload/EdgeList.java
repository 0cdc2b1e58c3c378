package dev.starling.tools.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads an undirected edge list ({@code "a b"} per line, as the SNAP and Network Repository files)
 * into a follow graph where each edge is two follows, a follows b and b follows a.
 *
 * <p>Lines starting with {@code #} or {@code %} are comments, ids may be separated by spaces, tabs
 * or a comma, and columns after the second (weights, timestamps) are ignored. A header line of
 * words before the first edge is skipped, and so is a MatrixMarket size line. Self-loops and
 * repeated edges (in either direction) are dropped. Node ids become users {@code 0..nodes-1}: a
 * file whose ids are exactly {@code 0..nodes-1} keeps them (node 80 is user {@code u80}); any
 * other set of ids is renumbered in ascending order.
 */
public final class EdgeList {

    /**
     * What a file held.
     *
     * @param graph      the follow graph (two follows per undirected edge)
     * @param nodes      distinct node ids
     * @param edges      distinct undirected edges, self-loops excluded
     * @param selfLoops  lines that joined a node to itself (dropped)
     * @param duplicates lines that repeated an edge already read (dropped)
     * @param renumbered true when ids were not exactly {@code 0..nodes-1} and were renumbered
     */
    public record Loaded(SocialGraph graph, int nodes, long edges, long selfLoops, long duplicates,
                         boolean renumbered) {
    }

    private EdgeList() {
    }

    public static Loaded read(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        }
    }

    static Loaded parse(BufferedReader reader, String source) throws IOException {
        long[] from = new long[1024];
        long[] to = new long[1024];
        int lines = 0;
        boolean matrixMarket = false;
        boolean sizeLineSkipped = false;
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String text = line.strip();
            if (number == 1 && text.startsWith("%%MatrixMarket")) {
                matrixMarket = true;
            }
            if (text.isEmpty() || text.startsWith("#") || text.startsWith("%")) {
                continue;
            }
            String[] parts = text.split("[\\s,;]+");
            if (matrixMarket && !sizeLineSkipped) {
                sizeLineSkipped = true; // "rows columns entries"
                continue;
            }
            long a;
            long b;
            try {
                if (parts.length < 2) {
                    throw new NumberFormatException();
                }
                a = Long.parseLong(parts[0]);
                b = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                if (lines == 0 && !parts[0].isEmpty() && !Character.isDigit(parts[0].charAt(0))) {
                    continue; // a header such as "source target"
                }
                throw new IOException(source + " line " + number + ": expected two node ids, got '" + line + "'");
            }
            if (a < 0 || b < 0 || a > Integer.MAX_VALUE || b > Integer.MAX_VALUE) {
                throw new IOException(source + " line " + number + ": node ids must be 0 to " + Integer.MAX_VALUE
                        + ", got '" + line + "'");
            }
            if (lines == from.length) {
                from = Arrays.copyOf(from, lines * 2);
                to = Arrays.copyOf(to, lines * 2);
            }
            from[lines] = a;
            to[lines++] = b;
        }
        if (lines == 0) {
            throw new IOException(source + ": no edges");
        }
        return build(Arrays.copyOf(from, lines), Arrays.copyOf(to, lines), source);
    }

    private static Loaded build(long[] from, long[] to, String source) throws IOException {
        long[] ids = new long[from.length * 2];
        System.arraycopy(from, 0, ids, 0, from.length);
        System.arraycopy(to, 0, ids, from.length, to.length);
        Arrays.sort(ids);
        int distinct = 0;
        for (int i = 0; i < ids.length; i++) {
            if (i == 0 || ids[i] != ids[i - 1]) {
                ids[distinct++] = ids[i];
            }
        }
        ids = Arrays.copyOf(ids, distinct);
        if (distinct < 2) {
            throw new IOException(source + ": a graph needs at least 2 nodes, got " + distinct);
        }
        boolean renumbered = ids[distinct - 1] != distinct - 1;
        int[] degree = new int[distinct];
        long selfLoops = 0;
        for (int e = 0; e < from.length; e++) {
            if (from[e] == to[e]) {
                selfLoops++;
                continue;
            }
            degree[index(ids, from[e], renumbered)]++;
            degree[index(ids, to[e], renumbered)]++;
        }
        int[][] adjacent = new int[distinct][];
        for (int u = 0; u < distinct; u++) {
            adjacent[u] = new int[degree[u]];
        }
        int[] fill = new int[distinct];
        for (int e = 0; e < from.length; e++) {
            if (from[e] != to[e]) {
                int a = index(ids, from[e], renumbered);
                int b = index(ids, to[e], renumbered);
                adjacent[a][fill[a]++] = b;
                adjacent[b][fill[b]++] = a;
            }
        }
        long follows = 0;
        for (int u = 0; u < distinct; u++) {
            adjacent[u] = sortedUnique(adjacent[u]);
            follows += adjacent[u].length;
        }
        long edges = follows / 2;
        long duplicates = from.length - selfLoops - edges;
        return new Loaded(SocialGraph.of(adjacent), distinct, edges, selfLoops, duplicates, renumbered);
    }

    private static int index(long[] ids, long id, boolean renumbered) {
        return renumbered ? Arrays.binarySearch(ids, id) : (int) id;
    }

    private static int[] sortedUnique(int[] values) {
        Arrays.sort(values);
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (i == 0 || values[i] != values[i - 1]) {
                values[n++] = values[i];
            }
        }
        return n == values.length ? values : Arrays.copyOf(values, n);
    }
}
