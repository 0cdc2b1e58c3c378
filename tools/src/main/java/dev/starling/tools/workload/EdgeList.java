package dev.starling.tools.workload;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an edge list, as SNAP, KONECT, Network Repository, MatrixMarket and CSV exports publish
 * them, into a follow graph.
 *
 * <p>File: plain, gzip, bzip2, or a zip or tar archive holding the graph; UTF-8 (with or without a
 * byte-order mark) or UTF-16 with a byte-order mark (see {@link GraphFileLines}). Lines: one edge
 * per line, the first two columns being the two nodes, separated by spaces, tabs, commas or
 * semicolons (the first line that is not a comment decides which), with CSV quotes allowed; later
 * columns (weights, timestamps) are ignored. Lines starting with {@code #} or {@code %} are
 * comments. The first line that is not a comment may be a header (such as {@code source,target});
 * a MatrixMarket file's size line is not an edge.
 *
 * <p>Reading: undirected (the default) makes every edge two follows, a follows b and b follows a;
 * directed makes it one, the first column following the second. Self-loops and repeated edges
 * (in either direction when undirected) are dropped. Nodes become users {@code 0..nodes-1}: ids
 * that are exactly {@code 0..nodes-1} are kept; other numbers (any 64-bit integer) are renumbered
 * in ascending order (contiguous ids shift, so a 1-based file's node k is user k-1); names are
 * numbered in the order they first appear.
 *
 * <p>Nothing is dropped without being counted: the {@link Report} says what was skipped, dropped
 * and renumbered, with the first line of each. A line that is neither an edge, a comment, the
 * header nor the size line is refused with its number.
 */
public final class EdgeList {

    /** How node ids became users. */
    public enum Mapping {
        /** ids are exactly {@code 0..nodes-1}: node k is user k */
        IDENTITY,
        /** contiguous ids from {@code first}: node k is user {@code k - first} */
        OFFSET,
        /** other numbers: the i-th smallest id is user i */
        ASCENDING,
        /** names: the i-th name to appear is user i */
        NAMES
    }

    /**
     * A count of lines and the first of them.
     *
     * @param count     how many
     * @param firstLine the line number of the first, 0 when none
     */
    public record Count(long count, int firstLine) {
        static final Count NONE = new Count(0, 0);

        /** E.g. {@code no self-loops}, {@code 1 self-loop (line 4)}, {@code 2 self-loops (first: line 4)}. */
        String describe(String one, String many) {
            return count == 0 ? "no " + many : count == 1 ? "1 " + one + " (line " + firstLine + ")"
                    : String.format(Locale.ROOT, "%,d %s (first: line %d)", count, many, firstLine);
        }
    }

    /**
     * A line that was not read as an edge although it is not a comment.
     *
     * @param line the line number
     * @param what what it was taken for, e.g. {@code header 'source,target'}
     */
    public record Skipped(int line, String what) {
    }

    /**
     * Node ids and the users they became.
     *
     * @param mapping how
     * @param numeric for numbers: the distinct ids in ascending order (user i is {@code numeric[i]})
     * @param names   for names: user i is {@code names.get(i)}
     */
    public record Ids(Mapping mapping, long[] numeric, List<String> names) {

        public int size() {
            return mapping == Mapping.NAMES ? names.size() : numeric.length;
        }

        /** The id in the file of user {@code user}. */
        public String id(int user) {
            return mapping == Mapping.NAMES ? names.get(user) : Long.toString(numeric[user]);
        }

        /** One line, e.g. {@code 1 to 4039, contiguous, renumbered: node k is u<k-1>}. */
        public String rule() {
            return switch (mapping) {
                case IDENTITY -> "0 to " + (size() - 1) + ", kept: node k is u<k>";
                case OFFSET -> numeric[0] + " to " + numeric[numeric.length - 1] + ", contiguous, renumbered: node k is u<k"
                        + (numeric[0] >= 0 ? "-" + numeric[0] : "+" + (-numeric[0])) + ">";
                case ASCENDING -> numeric[0] + " to " + numeric[numeric.length - 1] + " with gaps, renumbered in"
                        + " ascending order: the i-th smallest id is u<i>";
                case NAMES -> "names, numbered in the order they first appear: the i-th name is u<i>";
            };
        }

        public boolean renumbered() {
            return mapping != Mapping.IDENTITY;
        }

        /** Writes {@code user,node} rows (u0,alice) with a header, quoted where CSV needs it. */
        public void write(Path file) {
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
                csv.printRecord("user", "node");
                for (int u = 0; u < size(); u++) {
                    csv.printRecord("u" + u, id(u));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * What reading a file did: how it was stored and read, what was skipped, dropped and
     * renumbered.
     *
     * @param file                the file (with the archive entry after a {@code !})
     * @param container           plain, gzip, bzip2, or an archive entry
     * @param encoding            e.g. {@code UTF-8 with byte-order mark}
     * @param delimiter           space, tab, comma or semicolon
     * @param directed            one follow per edge (true) or two
     * @param lines               lines in the file
     * @param edgeLines           lines read as edges, dropped ones included
     * @param commentLines        comment lines
     * @param blankLines          empty lines
     * @param undecodableComments comment lines holding bytes that are not UTF-8 (read as comments)
     * @param skipped             lines that are not comments and were not read as edges
     * @param selfLoops           edges from a node to itself (dropped)
     * @param duplicates          edges read before (dropped)
     * @param extraColumns        edge lines with columns after the second (those columns ignored)
     * @param nodes               distinct nodes, each a user
     * @param edges               distinct edges (undirected) or follows (directed)
     * @param follows             follows made
     * @param ids                 how ids became users
     * @param notes               what the file itself says about the graph, and doubts worth a look
     */
    public record Report(String file, String container, String encoding, String delimiter, boolean directed, int lines,
                         long edgeLines, long commentLines, long blankLines, Count undecodableComments,
                         List<Skipped> skipped, Count selfLoops, Count duplicates, Count extraColumns, int nodes,
                         long edges, long follows, Ids ids, List<String> notes) {

        public Report {
            skipped = List.copyOf(skipped);
            notes = List.copyOf(notes);
        }

        /** How the file was read, in one phrase. */
        public String reading() {
            return directed ? "directed (--directed): each line 'a b' is one follow, a follows b"
                    : "undirected (the default): each line 'a b' is two follows, a follows b and b follows a";
        }

        /** Lines that are not comments and were not read as edges. */
        public Count skippedLines() {
            return skipped.isEmpty() ? Count.NONE : new Count(skipped.size(), skipped.get(0).line());
        }

        /**
         * The summary a load prints, one item a line.
         *
         * @param idFile where the id mapping was written, or null
         */
        public List<String> summary(Path idFile) {
            List<String> out = new ArrayList<>();
            out.add(String.format(Locale.ROOT, "file: %s, %s, %s-separated; %s: %s, %s, %,d blank",
                    container, encoding, delimiter, plural(lines, "line"), plural(edgeLines, "edge"),
                    plural(commentLines, "comment"), blankLines));
            if (undecodableComments.count() > 0) {
                out.add("comments holding bytes that are not UTF-8, read as comments: "
                        + undecodableComments.describe("line", "lines"));
            }
            out.add("read as " + reading());
            out.add("skipped: " + (skipped.isEmpty() ? "no lines" : String.join("; ",
                    skipped.stream().map(k -> "line " + k.line() + ", " + k.what()).toList())));
            out.add("dropped: " + selfLoops.describe("self-loop", "self-loops") + ", "
                    + duplicates.describe(directed ? "repeated edge" : "repeated edge (in either direction)",
                    directed ? "repeated edges" : "repeated edges (in either direction)"));
            if (extraColumns.count() > 0) {
                out.add("ignored: the columns after the second (weights, timestamps) on "
                        + extraColumns.describe("line", "lines"));
            }
            out.add(String.format(Locale.ROOT, "ids: %s%s", ids.rule(),
                    idFile != null && ids.renumbered() ? " (every user's id in " + idFile + ")" : ""));
            out.add(String.format(Locale.ROOT, "result: %,d users, %s, %s", nodes,
                    plural(edges, directed ? "directed edge" : "undirected edge"), plural(follows, "follow")));
            for (String note : notes) {
                out.add("note: " + note);
            }
            return out;
        }

        /** The report as manifest properties, each key starting with {@code prefix}. */
        public Map<String, String> properties(String prefix, String idFileName) {
            Map<String, String> p = new java.util.TreeMap<>();
            p.put(prefix + "container", container);
            p.put(prefix + "encoding", encoding);
            p.put(prefix + "delimiter", delimiter);
            p.put(prefix + "as", reading());
            p.put(prefix + "lines", Integer.toString(lines));
            p.put(prefix + "edge-lines", Long.toString(edgeLines));
            p.put(prefix + "comment-lines", Long.toString(commentLines));
            p.put(prefix + "blank-lines", Long.toString(blankLines));
            put(p, prefix + "undecodable-comments", undecodableComments);
            put(p, prefix + "skipped-lines", skippedLines());
            for (int i = 0; i < skipped.size(); i++) {
                p.put(prefix + "skipped." + (i + 1), "line " + skipped.get(i).line() + ": " + skipped.get(i).what());
            }
            put(p, prefix + "self-loops", selfLoops);
            put(p, prefix + "duplicates", duplicates);
            put(p, prefix + "extra-columns", extraColumns);
            p.put(prefix + "nodes", Integer.toString(nodes));
            p.put(prefix + "edges", Long.toString(edges));
            p.put(prefix + "ids", ids.mapping().name().toLowerCase(Locale.ROOT));
            p.put(prefix + "ids.rule", ids.rule());
            if (idFileName != null && ids.renumbered()) {
                p.put(prefix + "ids.file", idFileName);
            }
            for (int i = 0; i < notes.size(); i++) {
                p.put(prefix + "note." + (i + 1), notes.get(i));
            }
            return p;
        }

        private static String plural(long n, String one) {
            return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : one + "s");
        }

        private static void put(Map<String, String> p, String key, Count c) {
            p.put(key, Long.toString(c.count()));
            if (c.count() > 0) {
                p.put(key + ".first-line", Integer.toString(c.firstLine()));
            }
        }
    }

    /**
     * What a file held.
     *
     * @param graph  the follow graph
     * @param report what reading it did
     */
    public record Loaded(SocialGraph graph, Report report) {
        public int nodes() {
            return report.nodes();
        }

        /** Distinct edges (undirected) or follows (directed). */
        public long edges() {
            return report.edges();
        }

        public long selfLoops() {
            return report.selfLoops().count();
        }

        public long duplicates() {
            return report.duplicates().count();
        }

        public boolean renumbered() {
            return report.ids().renumbered();
        }
    }

    private EdgeList() {
    }

    /** Reads an undirected edge list. */
    public static Loaded read(Path file) throws IOException {
        return read(file, false);
    }

    /**
     * Reads an edge list.
     *
     * @param directed one follow per edge (first column follows second) instead of two
     * @throws IOException naming the file and the line when it cannot be read as a graph
     */
    public static Loaded read(Path file, boolean directed) throws IOException {
        try (GraphFileLines lines = GraphFileLines.open(file)) {
            return new Parser(lines, directed).parse();
        }
    }

    private enum Delimiter {
        SPACE("space", ' '), TAB("tab", '\t'), COMMA("comma", ','), SEMICOLON("semicolon", ';');

        final String label;
        final char character;
        final CSVFormat csv;

        Delimiter(String label, char character) {
            this.label = label;
            this.character = character;
            this.csv = CSVFormat.DEFAULT.builder().setDelimiter(character).setQuote('"').setTrim(true)
                    .setIgnoreSurroundingSpaces(true).get();
        }

        static Delimiter of(String line) {
            return line.indexOf('\t') >= 0 ? TAB : line.indexOf(',') >= 0 ? COMMA : line.indexOf(';') >= 0 ? SEMICOLON : SPACE;
        }
    }

    /** Words that name a column of an edge list, to tell a header of names from an edge between two names. */
    private static final Set<String> COLUMN_WORDS = Set.of("source", "src", "target", "tgt", "dst", "dest",
            "destination", "from", "to", "node", "nodes", "vertex", "vertices", "id", "ids", "user", "users", "follower",
            "followers", "followee", "followees", "followed", "following", "friend", "friends", "head", "tail", "start",
            "end", "in", "out", "name", "left", "right", "origin", "sender", "receiver", "parent", "child", "a", "b",
            "u", "v", "i", "j", "x", "y", "s", "t", "edge", "edges", "weight", "account", "person", "member");

    /** One pass over the lines. */
    private static final class Parser {
        private final GraphFileLines lines;
        private final boolean directed;
        private final String[] fields = new String[2];
        private Delimiter delimiter;
        private boolean named;
        private boolean kindKnown;
        private boolean matrixMarket;
        private boolean sizeLineRead;
        private long declaredEntries = -1;
        private String[] candidate;
        private int candidateLine;
        private boolean candidateIsFirstEdge;
        private String candidateText;
        private long[] from = new long[1024];
        private long[] to = new long[1024];
        private int[] lineOf = new int[1024];
        private int edgeCount;
        private final Map<String, Integer> nameIndex = new HashMap<>();
        private final List<String> names = new ArrayList<>();
        private long comments;
        private long blanks;
        private long extraColumns;
        private int firstExtraColumns;
        private final List<Skipped> skipped = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        Parser(GraphFileLines lines, boolean directed) {
            this.lines = lines;
            this.directed = directed;
        }

        Loaded parse() throws IOException {
            for (String line = lines.next(); line != null; line = lines.next()) {
                int number = lines.number();
                String text = line.strip();
                if (text.isEmpty()) {
                    blanks++;
                    continue;
                }
                if (text.startsWith("#") || text.startsWith("%")) {
                    comments++;
                    if (number == 1) {
                        fileHeader(text);
                    }
                    continue;
                }
                if (matrixMarket && !sizeLineRead) {
                    sizeLine(text, number);
                    continue;
                }
                if (delimiter == null) {
                    refuseOtherFormats(text, number);
                    delimiter = Delimiter.of(text);
                }
                int columns = split(text, number);
                if (!kindKnown) {
                    if (candidate == null) {
                        if (columns >= 2 && isNumber(fields[0], number) && isNumber(fields[1], number)) {
                            kindKnown = true;
                        } else {
                            // a header, or an edge between names: the next data line tells
                            candidate = fields.clone();
                            candidateLine = number;
                            candidateText = text;
                            if (columns < 2) {
                                candidate = new String[] {fields[0]};
                            }
                            continue;
                        }
                    } else {
                        kindKnown = true;
                        named = !(columns >= 2 && isNumber(fields[0], number) && isNumber(fields[1], number));
                        if (!named || candidate.length < 2) {
                            skipped.add(new Skipped(candidateLine, "header '" + candidateText + "'"));
                            candidate = null;
                        } else {
                            addEdge(candidate[0], candidate[1], candidateLine); // header or edge: decided at the end
                            candidateIsFirstEdge = true;
                            candidate = null;
                        }
                    }
                }
                if (columns < 2) {
                    throw new IOException(lines.name() + " line " + number + ": expected two node ids separated by "
                            + delimiter.label + (delimiter == Delimiter.TAB ? "s" : delimiter == Delimiter.SPACE ? "s or tabs" : "s")
                            + " (as on the first line that is not a comment), got '" + line + "'");
                }
                if (columns > 2) {
                    if (extraColumns++ == 0) {
                        firstExtraColumns = number;
                    }
                }
                addEdge(fields[0], fields[1], number);
            }
            if (matrixMarket && !sizeLineRead) {
                throw new IOException(lines.name() + ": a MatrixMarket file without its size line (rows columns entries)");
            }
            if (candidate != null) { // the only data line
                if (candidate.length < 2 || looksLikeColumnNames(candidate)) {
                    skipped.add(new Skipped(candidateLine, "header '" + candidateText + "'"));
                } else {
                    named = true;
                    addEdge(candidate[0], candidate[1], candidateLine);
                }
                candidate = null;
            }
            if (edgeCount == 0) {
                throw new IOException(lines.name() + ": no edges in " + lines.number() + " lines (" + comments + " comments"
                        + (skipped.isEmpty() ? "" : ", " + skipped.stream().map(s -> "line " + s.line() + " read as "
                        + s.what()).toList()) + ")");
            }
            return build();
        }

        /** Graph formats that are not edge lists, recognised by their first line, are refused by name. */
        private void refuseOtherFormats(String text, int number) throws IOException {
            String lower = text.toLowerCase(Locale.ROOT);
            String format = lower.startsWith("<") ? "XML (GraphML, GEXF, ...)"
                    : lower.startsWith("*vertices") || lower.startsWith("*network") ? "Pajek (.net)"
                    : lower.matches("(graph|digraph)\\s*\\[.*") || lower.startsWith("creator ") ? "GML"
                    : lower.matches("(strict\\s+)?(graph|digraph)\\b.*\\{.*") ? "DOT (Graphviz)"
                    : lower.startsWith("{") || lower.startsWith("[") ? "JSON"
                    : null;
            if (format != null) {
                throw new IOException(lines.name() + " line " + number + ": '" + (text.length() > 60 ? text.substring(0, 60)
                        + "..." : text) + "' starts a " + format + " file, not an edge list; export the graph as one"
                        + " edge per line ('a b', or CSV)");
            }
        }

        /** KONECT's and MatrixMarket's first lines say what the graph is. */
        private void fileHeader(String text) throws IOException {
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.startsWith("%%matrixmarket")) {
                matrixMarket = true;
                String[] words = lower.split("\\s+");
                if (words.length >= 3 && words[2].equals("array")) {
                    throw new IOException(lines.name() + " line 1: a MatrixMarket array (a dense matrix), not an edge list;"
                            + " only the coordinate format is read");
                }
                String symmetry = words.length >= 5 ? words[4] : "";
                if (symmetry.equals("general")) {
                    notes.add("line 1 '" + text + "': a general (not symmetric) matrix, i.e. a directed graph"
                            + (directed ? "; read as directed" : "; it was read as undirected (each entry two follows);"
                            + " give --directed for one follow per entry, row follows column"));
                } else if (symmetry.equals("symmetric")) {
                    if (directed) {
                        notes.add("line 1 '" + text + "': a symmetric matrix stores each undirected edge once;"
                                + " --directed made each entry one follow only, row follows column");
                    }
                }
                return;
            }
            if (lower.startsWith("#")) {
                snapHeader(text, lower);
                return;
            }
            String[] words = lower.substring(1).strip().split("\\s+");
            String kind = words.length > 0 ? words[0] : "";
            switch (kind) {
                case "asym" -> {
                    notes.add("line 1 '" + text + "': KONECT marks this graph directed (asym)" + (directed
                            ? "; read as directed" : "; it was read as undirected (each edge two follows); give --directed"
                            + " for one follow per line, first column follows second"));
                }
                case "sym" -> {
                    if (directed) {
                        notes.add("line 1 '" + text + "': KONECT marks this graph undirected (sym), each edge listed once;"
                                + " --directed made each line one follow only");
                    }
                }
                case "bip" -> notes.add("line 1 '" + text + "': KONECT marks this graph bipartite: its two columns number"
                        + " two kinds of nodes, each from 1, so left node k and right node k became the same user");
                default -> {
                }
            }
        }

        /** SNAP's first line: {@code # Directed graph (each unordered pair of nodes is saved once): Wiki-Vote.txt}. */
        private void snapHeader(String text, String lower) {
            String words = lower.substring(1).strip();
            if (words.startsWith("directed graph")) {
                notes.add("line 1 '" + text + "': the file says it is directed" + (directed ? "; read as directed"
                        : "; it was read as undirected (each edge two follows); give --directed for one follow per line,"
                        + " first column follows second"));
            } else if (words.startsWith("undirected graph") && directed) {
                notes.add("line 1 '" + text + "': the file says it is undirected; --directed made each line one follow only");
            }
        }

        private void sizeLine(String text, int number) throws IOException {
            String[] words = text.split("\\s+");
            try {
                if (words.length != 3) {
                    throw new NumberFormatException();
                }
                Long.parseLong(words[0]);
                Long.parseLong(words[1]);
                declaredEntries = Long.parseLong(words[2]);
            } catch (NumberFormatException e) {
                throw new IOException(lines.name() + " line " + number + ": expected the MatrixMarket size line"
                        + " 'rows columns entries', got '" + text + "'");
            }
            sizeLineRead = true;
            skipped.add(new Skipped(number, "MatrixMarket size line '" + text + "' (rows columns entries)"));
        }

        /** Puts the first two fields in {@link #fields}; returns how many the line has. */
        private int split(String text, int number) throws IOException {
            if (text.indexOf('"') >= 0) {
                return splitCsv(text, number);
            }
            fields[0] = null;
            fields[1] = null;
            char d = delimiter.character;
            if (delimiter == Delimiter.SPACE || (delimiter == Delimiter.TAB && text.indexOf('\t') < 0)) {
                return splitWhitespace(text);
            }
            int count = 0;
            int start = 0;
            while (true) {
                int end = text.indexOf(d, start);
                String field = (end < 0 ? text.substring(start) : text.substring(start, end)).strip();
                if (!(delimiter == Delimiter.TAB && field.isEmpty())) { // runs of tabs are one separator
                    if (field.isEmpty() && count < 2) {
                        throw new IOException(lines.name() + " line " + number + ": an empty node id in '" + text + "'");
                    }
                    if (count < 2) {
                        fields[count] = field;
                    }
                    count++;
                }
                if (end < 0) {
                    return count;
                }
                start = end + 1;
            }
        }

        private int splitWhitespace(String text) {
            int count = 0;
            int i = 0;
            int n = text.length();
            while (i < n) {
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i == n) {
                    break;
                }
                int start = i;
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (count < 2) {
                    fields[count] = text.substring(start, i);
                }
                count++;
            }
            return count;
        }

        private int splitCsv(String text, int number) throws IOException {
            boolean whitespace = delimiter == Delimiter.SPACE || (delimiter == Delimiter.TAB && text.indexOf('\t') < 0);
            CSVFormat format = whitespace ? Delimiter.SPACE.csv : delimiter.csv;
            String input = whitespace ? text.replace('\t', ' ') : text;
            List<String> values = new ArrayList<>();
            try (CSVParser parser = CSVParser.parse(input, format)) {
                Iterator<CSVRecord> records = parser.iterator();
                if (records.hasNext()) {
                    for (String value : records.next()) {
                        if (!(value.isEmpty() && (whitespace || delimiter == Delimiter.TAB))) {
                            values.add(value);
                        }
                    }
                }
                if (records.hasNext()) {
                    throw new IOException("more than one record");
                }
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                throw new IOException(lines.name() + " line " + number + ": not a CSV line (" + e.getMessage() + "): '"
                        + text + "'", e);
            }
            fields[0] = values.size() > 0 ? values.get(0) : null;
            fields[1] = values.size() > 1 ? values.get(1) : null;
            for (int i = 0; i < Math.min(2, values.size()); i++) {
                if (values.get(i).isEmpty()) {
                    throw new IOException(lines.name() + " line " + number + ": an empty node id in '" + text + "'");
                }
            }
            return values.size();
        }

        /** True for a 64-bit integer, false for a name; throws for an integer beyond 64 bits. */
        private boolean isNumber(String field, int number) throws IOException {
            int start = field.startsWith("-") || field.startsWith("+") ? 1 : 0;
            if (field.length() == start) {
                return false;
            }
            for (int i = start; i < field.length(); i++) {
                char c = field.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            try {
                Long.parseLong(field);
                return true;
            } catch (NumberFormatException e) {
                throw new IOException(lines.name() + " line " + number + ": node id " + field + " is beyond 64 bits ("
                        + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
            }
        }

        private void addEdge(String a, String b, int number) throws IOException {
            if (edgeCount == from.length) {
                from = Arrays.copyOf(from, edgeCount * 2);
                to = Arrays.copyOf(to, edgeCount * 2);
                lineOf = Arrays.copyOf(lineOf, edgeCount * 2);
            }
            if (named) {
                from[edgeCount] = intern(a);
                to[edgeCount] = intern(b);
            } else {
                from[edgeCount] = id(a, number);
                to[edgeCount] = id(b, number);
            }
            lineOf[edgeCount++] = number;
        }

        private long id(String field, int number) throws IOException {
            if (!isNumber(field, number)) {
                throw new IOException(lines.name() + " line " + number + ": '" + field + "' is not a node id: the lines"
                        + " before hold numbers, and a file's ids are either all numbers or all names");
            }
            return Long.parseLong(field);
        }

        private int intern(String name) {
            Integer index = nameIndex.get(name);
            if (index == null) {
                index = names.size();
                nameIndex.put(name, index);
                names.add(name);
            }
            return index;
        }

        private Loaded build() throws IOException {
            if (candidateIsFirstEdge) {
                takeOutHeaderOfNames();
            }
            int n = edgeCount;
            Ids ids;
            int[] a = new int[n];
            int[] b = new int[n];
            if (named) {
                ids = new Ids(Mapping.NAMES, null, List.copyOf(names));
                for (int e = 0; e < n; e++) {
                    a[e] = (int) from[e];
                    b[e] = (int) to[e];
                }
            } else {
                long[] sorted = new long[2 * n];
                System.arraycopy(from, 0, sorted, 0, n);
                System.arraycopy(to, 0, sorted, n, n);
                Arrays.sort(sorted);
                int distinct = 0;
                for (int i = 0; i < sorted.length; i++) {
                    if (i == 0 || sorted[i] != sorted[i - 1]) {
                        sorted[distinct++] = sorted[i];
                    }
                }
                sorted = Arrays.copyOf(sorted, distinct);
                boolean contiguous = sorted[distinct - 1] - (distinct - 1) == sorted[0];
                Mapping mapping = contiguous ? (sorted[0] == 0 ? Mapping.IDENTITY : Mapping.OFFSET) : Mapping.ASCENDING;
                ids = new Ids(mapping, sorted, null);
                long first = sorted[0];
                for (int e = 0; e < n; e++) {
                    a[e] = contiguous ? (int) (from[e] - first) : Arrays.binarySearch(sorted, from[e]);
                    b[e] = contiguous ? (int) (to[e] - first) : Arrays.binarySearch(sorted, to[e]);
                }
            }
            int nodes = ids.size();
            if (nodes < 2) {
                throw new IOException(lines.name() + ": a graph needs at least 2 nodes, got " + nodes);
            }
            from = null;
            to = null;

            long selfLoops = 0;
            int firstSelfLoop = 0;
            long duplicates = 0;
            int firstDuplicate = 0;
            LongSet seen = new LongSet(n);
            int[] degree = new int[nodes];
            int[] occurrences = new int[nodes];
            boolean[] keep = new boolean[n];
            for (int e = 0; e < n; e++) {
                occurrences[a[e]]++;
                occurrences[b[e]]++;
                if (a[e] == b[e]) {
                    if (selfLoops++ == 0) {
                        firstSelfLoop = lineOf[e];
                    }
                    continue;
                }
                int low = directed ? a[e] : Math.min(a[e], b[e]);
                int high = directed ? b[e] : Math.max(a[e], b[e]);
                if (!seen.add(((long) low << 32) | high)) {
                    if (duplicates++ == 0) {
                        firstDuplicate = lineOf[e];
                    }
                    continue;
                }
                keep[e] = true;
                degree[a[e]]++;
                if (!directed) {
                    degree[b[e]]++;
                }
            }
            int[][] adjacent = new int[nodes][];
            for (int u = 0; u < nodes; u++) {
                adjacent[u] = new int[degree[u]];
            }
            int[] fill = new int[nodes];
            long edges = 0;
            for (int e = 0; e < n; e++) {
                if (keep[e]) {
                    edges++;
                    adjacent[a[e]][fill[a[e]]++] = b[e];
                    if (!directed) {
                        adjacent[b[e]][fill[b[e]]++] = a[e];
                    }
                }
            }
            long follows = 0;
            for (int[] list : adjacent) {
                Arrays.sort(list);
                follows += list.length;
            }
            if (declaredEntries >= 0 && declaredEntries != n) {
                notes.add(String.format(Locale.ROOT, "the MatrixMarket size line announces %,d entries, the file holds %,d",
                        declaredEntries, n));
            }
            if (!named && n > 3 && a[0] != b[0] && occurrences[a[0]] == 1 && occurrences[b[0]] == 1
                    && Math.max(a[0], b[0]) == nodes - 1) {
                notes.add("line " + lineOf[0] + " ('" + ids.id(a[0]) + " " + ids.id(b[0]) + "') was read as an edge, but"
                        + " neither of its nodes appears on any other line: if it is a count (nodes, edges), delete it");
            }
            Report report = new Report(lines.name(), lines.container(), lines.encoding(),
                    delimiter == null ? "space" : delimiter.label, directed, lines.number(), n, comments, blanks,
                    new Count(lines.undecodableComments(), lines.firstUndecodableComment()), skipped,
                    new Count(selfLoops, firstSelfLoop), new Count(duplicates, firstDuplicate),
                    new Count(extraColumns, firstExtraColumns), nodes, edges, follows, ids, notes);
            return new Loaded(SocialGraph.of(adjacent), report);
        }

        /**
         * In a file of names, the first data line was kept as an edge until the end: it is a
         * header after all when it reads as column names and its names appear on no other line.
         * Then it and its names (the first interned) are taken out again.
         */
        private void takeOutHeaderOfNames() {
            if (edgeCount < 2) {
                return;
            }
            String[] header = {names.get((int) from[0]), names.get((int) to[0])};
            if (!looksLikeColumnNames(header)) {
                return;
            }
            int removed = from[0] == to[0] ? 1 : 2;
            for (int e = 1; e < edgeCount; e++) {
                if (from[e] < removed || to[e] < removed) {
                    return; // its names are nodes elsewhere: an edge
                }
            }
            System.arraycopy(from, 1, from, 0, edgeCount - 1);
            System.arraycopy(to, 1, to, 0, edgeCount - 1);
            System.arraycopy(lineOf, 1, lineOf, 0, edgeCount - 1);
            edgeCount--;
            for (int e = 0; e < edgeCount; e++) {
                from[e] -= removed;
                to[e] -= removed;
            }
            names.subList(0, removed).clear();
            skipped.add(0, new Skipped(candidateLine, "header '" + candidateText + "' (column names, on no other line)"));
        }
    }

    /** Whether every field reads as a column name: {@code source}, {@code to_user}, {@code Node1}, ... */
    static boolean looksLikeColumnNames(String[] fields) {
        for (String field : fields) {
            boolean word = false;
            for (String part : field.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                if (COLUMN_WORDS.contains(part)) {
                    word = true;
                    break;
                }
            }
            if (!word) {
                return false;
            }
        }
        return true;
    }

    /** A set of non-negative longs, open addressing. */
    private static final class LongSet {
        private long[] slots;
        private int size;

        LongSet(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            slots = new long[capacity];
            Arrays.fill(slots, -1);
        }

        boolean add(long value) {
            if (size * 2 >= slots.length) {
                grow();
            }
            int mask = slots.length - 1;
            int i = (int) mix(value) & mask;
            while (slots[i] != -1) {
                if (slots[i] == value) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            slots[i] = value;
            size++;
            return true;
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            Arrays.fill(slots, -1);
            size = 0;
            for (long v : old) {
                if (v != -1) {
                    add(v);
                }
            }
        }

        private static long mix(long x) {
            x ^= x >>> 33;
            x *= 0xff51afd7ed558ccdL;
            x ^= x >>> 33;
            return x;
        }
    }
}
