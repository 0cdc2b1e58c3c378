package dev.starling.tools.workload;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Edge lists in the shapes people publish them, each made here as a small file. */
class EdgeListTest {

    private static final byte[] UTF8_BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    @TempDir
    Path dir;

    /** Set (to anything) by {@code .ci/run}: a shared graph that is missing fails the test instead of skipping it. */
    static final String REQUIRE_SHARED_DATA = "STARLING_REQUIRE_SHARED_DATA";

    /**
     * The shared graphs sit beside the repository: ../shared/data/social-graphs from its root.
     * A test that needs one is skipped where it is absent, unless {@link #REQUIRE_SHARED_DATA} is
     * set in the environment (as CI does, whose clones have ../shared beside them): then it fails.
     */
    static Path sharedGraph(String name) {
        Path dir = Path.of(System.getProperty("starling.socialGraphs", "../../shared/data/social-graphs"));
        Path file = dir.resolve(name);
        String absent = "shared graph not present: " + file.toAbsolutePath();
        if (System.getenv(REQUIRE_SHARED_DATA) != null) {
            assertTrue(Files.isRegularFile(file), absent + " (required: " + REQUIRE_SHARED_DATA + " is set)");
        } else {
            assumeTrue(Files.isRegularFile(file), absent);
        }
        return file;
    }

    private Path file(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    private Path file(String name, String text) throws IOException {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private EdgeList.Loaded read(String text) throws IOException {
        return EdgeList.read(file("graph.txt", text));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static byte[] bzip2(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new BZip2CompressorOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] tar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                out.putArchiveEntry(entry);
                out.write(e.getValue());
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void assertPath(EdgeList.Loaded loaded) {
        // 0-1, 1-2, 2-3: the path every format test below encodes
        assertEquals(4, loaded.nodes());
        assertEquals(3, loaded.edges());
        assertEquals(6, loaded.graph().edges());
        assertArrayEquals(new int[] {0, 2}, loaded.graph().follows(1));
    }

    private static final String PATH = "# a path\n0 1\n1 2\n2 3\n";

    @Test
    void shouldLoadEgoFacebookWithItsNodeAndEdgeCounts() throws IOException {
        EdgeList.Loaded loaded = EdgeList.read(sharedGraph("ego-facebook.edges"));
        assertEquals(4_039, loaded.nodes());
        assertEquals(88_234, loaded.edges());
        assertEquals(176_468, loaded.graph().edges());
        assertEquals(4_039, loaded.graph().users());
        assertEquals(0, loaded.duplicates());
        assertEquals(0, loaded.selfLoops());
        assertFalse(loaded.renumbered());
        assertEquals(1_045, loaded.graph().maxFollowers());
        assertEquals(1_045, loaded.graph().follows(80).length, "node 80 is the heavy user");
    }

    @Test
    void shouldLoadSocfbReed98WithItsNodeAndEdgeCounts() throws IOException {
        EdgeList.Loaded loaded = EdgeList.read(sharedGraph("socfb-Reed98.edges"));
        assertEquals(962, loaded.nodes());
        assertEquals(18_812, loaded.edges());
        assertEquals(37_624, loaded.graph().edges());
        assertEquals(0, loaded.duplicates());
        assertFalse(loaded.renumbered());
        assertEquals(313, loaded.graph().maxFollowers());
    }

    @Test
    void shouldMakeEveryEdgeTwoFollows() throws IOException {
        EdgeList.Loaded loaded = read("0 1\n1 2\n");
        assertArrayEquals(new int[] {1}, loaded.graph().follows(0));
        assertArrayEquals(new int[] {0, 2}, loaded.graph().follows(1));
        assertArrayEquals(new int[] {1}, loaded.graph().follows(2));
        assertEquals(2, loaded.edges());
        assertEquals("undirected (the default): each line 'a b' is two follows, a follows b and b follows a",
                loaded.report().reading());
    }

    @Test
    void shouldCountSelfLoopsAndRepeatedEdgesWithTheirFirstLines() throws IOException {
        EdgeList.Report report = read("0 1\n1 0\n0 1\n2 2\n").report();
        assertEquals(3, report.nodes());
        assertEquals(2, report.follows());
        assertEquals(new EdgeList.Count(1, 4), report.selfLoops());
        assertEquals(new EdgeList.Count(2, 2), report.duplicates());
        assertEquals(4, report.edgeLines());
        List<String> summary = report.summary(null);
        assertTrue(summary.contains("dropped: 1 self-loop (line 4), 2 repeated edges (in either direction) (first: line 2)"),
                summary.toString());
        assertTrue(summary.contains("skipped: no lines"), summary.toString());
        Map<String, String> p = report.properties("", "ids.csv");
        assertEquals("1", p.get("self-loops"));
        assertEquals("4", p.get("self-loops.first-line"));
        assertEquals("2", p.get("duplicates"));
        assertEquals("2", p.get("duplicates.first-line"));
        assertEquals("0", p.get("skipped-lines"));
        assertEquals("identity", p.get("ids"));
    }

    @Test
    void shouldNotLoseTheFirstLineToAUtf8ByteOrderMark() throws IOException {
        EdgeList.Loaded loaded = EdgeList.read(file("bom.txt", concat(UTF8_BOM, utf8("0 1\n2 3\n"))));
        assertEquals(4, loaded.nodes());
        assertEquals(4, loaded.graph().edges());
        assertEquals("UTF-8 with byte-order mark", loaded.report().encoding());
        assertEquals(EdgeList.Count.NONE, loaded.report().skippedLines());
    }

    @Test
    void shouldReadAMatrixMarketFileAfterAByteOrderMark() throws IOException {
        String mtx = "%%MatrixMarket matrix coordinate pattern symmetric\n% comment\n3 3 2\n2 1\n3 1\n";
        EdgeList.Loaded loaded = EdgeList.read(file("g.mtx", concat(UTF8_BOM, utf8(mtx))));
        assertEquals(3, loaded.nodes(), "the size line is no edge, so no phantom node");
        assertEquals(2, loaded.edges());
        assertArrayEquals(new int[] {1, 2}, loaded.graph().follows(0));
        assertEquals(List.of(new EdgeList.Skipped(3, "MatrixMarket size line '3 3 2' (rows columns entries)")),
                loaded.report().skipped());
        assertEquals(EdgeList.Mapping.OFFSET, loaded.report().ids().mapping());
        assertEquals("1 to 3, contiguous, renumbered: node k is u<k-1>", loaded.report().ids().rule());
    }

    @Test
    void shouldNoteAMatrixMarketSizeLineThatDisagrees() throws IOException {
        EdgeList.Report report = read("%%MatrixMarket matrix coordinate pattern general\n3 3 5\n1 2\n2 3\n").report();
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("announces 5 entries, the file holds 2")), report.notes().toString());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("general") && n.contains("--directed")), report.notes().toString());
    }

    @Test
    void shouldRefuseADenseMatrixMarketArray() {
        IOException e = assertThrows(IOException.class, () -> read("%%MatrixMarket matrix array real general\n2 2\n1\n0\n0\n1\n"));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("array"), e.getMessage());
    }

    @Test
    void shouldReadCrlfAndCrLineEnds() throws IOException {
        assertPath(read(PATH.replace("\n", "\r\n")));
        EdgeList.Loaded cr = read(PATH.replace("\n", "\r"));
        assertPath(cr);
        assertEquals(4, cr.report().lines());
    }

    @Test
    void shouldReadTabsAndIgnoreLaterColumnsSayingSo() throws IOException {
        EdgeList.Loaded loaded = read("# FromNodeId\tToNodeId\n0\t1\n1\t2\t0.5\n2\t3\t1.5\t1650000000\n");
        assertPath(loaded);
        assertEquals("tab", loaded.report().delimiter());
        assertEquals(new EdgeList.Count(2, 3), loaded.report().extraColumns());
    }

    @Test
    void shouldReadGzip() throws IOException {
        EdgeList.Loaded loaded = EdgeList.read(file("path.txt.gz", gzip(utf8(PATH))));
        assertPath(loaded);
        assertEquals("gzip", loaded.report().container());
    }

    @Test
    void shouldSayThatACompressedFileIsCutShort() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < 20_000; k++) {
            text.append(k).append(' ').append(k + 1).append('\n');
        }
        byte[] whole = gzip(utf8(text.toString()));
        Path cut = file("cut.txt.gz", Arrays.copyOf(whole, whole.length / 2));
        IOException e = assertThrows(IOException.class, () -> EdgeList.read(cut));
        assertTrue(e.getMessage().startsWith(cut + ": gzip data damaged or cut short"), e.getMessage());
    }

    @Test
    void shouldReadBzip2WhateverTheFileIsCalled() throws IOException {
        EdgeList.Loaded loaded = EdgeList.read(file("path.edges", bzip2(utf8(PATH))));
        assertPath(loaded);
        assertEquals("bzip2", loaded.report().container());
    }

    @Test
    void shouldReadTheGraphInsideAZipBesideItsReadme() throws IOException {
        EdgeList.Loaded loaded = EdgeList.read(file("path.zip", zip(Map.of("README.txt", utf8("about\n"),
                "data/path.csv", utf8("source,target\n0,1\n1,2\n2,3\n")))));
        assertPath(loaded);
        assertEquals("zip entry 'data/path.csv'", loaded.report().container());
        assertEquals(List.of(new EdgeList.Skipped(1, "header 'source,target'")), loaded.report().skipped());
    }

    @Test
    void shouldReadAKonectTarBz2() throws IOException {
        byte[] archive = bzip2(tar(Map.of("path/README.path", utf8("about\n"), "path/meta.path", utf8("name: path\n"),
                "path/out.path", utf8("% sym unweighted\n% 3 4 4\n1 2\n2 3\n3 4\n"))));
        EdgeList.Loaded loaded = EdgeList.read(file("download.tsv.path.tar.bz2", archive));
        assertPath(loaded);
        assertEquals("tar.bz2 entry 'path/out.path'", loaded.report().container());
        assertEquals(EdgeList.Mapping.OFFSET, loaded.report().ids().mapping());
    }

    @Test
    void shouldRefuseAnArchiveWhoseGraphIsNotClear() throws IOException {
        Path archive = file("two.zip", zip(Map.of("a.txt", utf8("0 1\n"), "b.txt", utf8("1 2\n"))));
        IOException e = assertThrows(IOException.class, () -> EdgeList.read(archive));
        assertTrue(e.getMessage().contains("a.txt") && e.getMessage().contains("b.txt"), e.getMessage());
    }

    @Test
    void shouldReadUtf16WithAByteOrderMark() throws IOException {
        byte[] little = concat(new byte[] {(byte) 0xff, (byte) 0xfe}, PATH.getBytes(StandardCharsets.UTF_16LE));
        EdgeList.Loaded loaded = EdgeList.read(file("le.txt", little));
        assertPath(loaded);
        assertEquals("UTF-16LE with byte-order mark", loaded.report().encoding());
        byte[] big = concat(new byte[] {(byte) 0xfe, (byte) 0xff}, PATH.getBytes(StandardCharsets.UTF_16BE));
        assertPath(EdgeList.read(file("be.txt", big)));
    }

    @Test
    void shouldRefuseUtf16WithoutAByteOrderMarkNamingTheLine() throws IOException {
        Path file = file("nobom.txt", PATH.getBytes(StandardCharsets.UTF_16LE));
        IOException e = assertThrows(IOException.class, () -> EdgeList.read(file));
        assertTrue(e.getMessage().contains(file + " line 1") && e.getMessage().contains("NUL"), e.getMessage());
    }

    @Test
    void shouldIgnoreALatin1ByteInACommentAndCountIt() throws IOException {
        byte[] latin1 = concat(utf8("# Caf"), new byte[] {(byte) 0xe9}, utf8(" network\n"), utf8("0 1\n1 2\n2 3\n"));
        EdgeList.Loaded loaded = EdgeList.read(file("latin1.txt", latin1));
        assertPath(loaded);
        assertEquals(new EdgeList.Count(1, 1), loaded.report().undecodableComments());
    }

    @Test
    void shouldRefuseALatin1ByteOutsideACommentNamingFileLineAndByte() throws IOException {
        Path file = file("names.csv", concat(utf8("alice,bob\ncaf"), new byte[] {(byte) 0xe9}, utf8(",bob\n")));
        IOException e = assertThrows(IOException.class, () -> EdgeList.read(file));
        assertTrue(e.getMessage().startsWith(file + " line 2: byte 0xE9 at column 4 is not UTF-8"), e.getMessage());
    }

    @Test
    void shouldRefuseXzSayingWhatItIs() throws IOException {
        Path file = file("g.txt.xz", new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4});
        IOException e = assertThrows(IOException.class, () -> EdgeList.read(file));
        assertTrue(e.getMessage().contains("xz-compressed"), e.getMessage());
    }

    @Test
    void shouldReadQuotedCsvWithAQuotedHeader() throws IOException {
        EdgeList.Loaded loaded = read("\"source\",\"target\",\"weight\"\n\"0\",\"1\",\"2.5\"\n\"1\",\"2\",\"1\"\n\"2\",\"3\",\"1\"\n");
        assertPath(loaded);
        assertEquals("comma", loaded.report().delimiter());
        assertEquals(List.of(new EdgeList.Skipped(1, "header '\"source\",\"target\",\"weight\"'")), loaded.report().skipped());
    }

    @Test
    void shouldAcceptNamedIdsNumberedInOrderOfAppearance() throws IOException {
        EdgeList.Loaded loaded = read("alice,bob\nbob,carol\n\"carol\",\"Smith, Dan\"\n");
        assertEquals(4, loaded.nodes());
        EdgeList.Ids ids = loaded.report().ids();
        assertEquals(EdgeList.Mapping.NAMES, ids.mapping());
        assertEquals(List.of("alice", "bob", "carol", "Smith, Dan"), ids.names());
        assertArrayEquals(new int[] {0, 2}, loaded.graph().follows(1));
        assertEquals(EdgeList.Count.NONE, loaded.report().skippedLines(), "alice,bob is an edge, not a header");

        Path mapping = dir.resolve("ids.csv");
        ids.write(mapping);
        try (Reader reader = Files.newBufferedReader(mapping)) {
            List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
            assertEquals(4, rows.size());
            assertEquals("u3", rows.get(3).get("user"));
            assertEquals("Smith, Dan", rows.get(3).get("node"));
        }
    }

    @Test
    void shouldSkipAHeaderBeforeNamedIds() throws IOException {
        EdgeList.Loaded loaded = read("follower\tfollowee\nalice\tbob\nbob\tcarol\n");
        assertEquals(3, loaded.nodes());
        assertEquals(List.of("alice", "bob", "carol"), loaded.report().ids().names());
        assertEquals(1, loaded.report().skipped().size());
        assertEquals(1, loaded.report().skipped().get(0).line());
    }

    @Test
    void shouldTakeOnlyTheFirstLineThatIsNotACommentForAHeader() throws IOException {
        IOException e = assertThrows(IOException.class, () -> read("# c\n0 1\nsource target\n1 2\n"));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        EdgeList.Loaded loaded = read("# c\n% c\nsource target\n0 1\n1 2\n2 3\n");
        assertPath(loaded);
        assertEquals(List.of(new EdgeList.Skipped(3, "header 'source target'")), loaded.report().skipped());
    }

    @Test
    void shouldAcceptAny64BitId() throws IOException {
        EdgeList.Loaded loaded = read("3000000000 9223372036854775807\n-9223372036854775808 3000000000\n");
        assertEquals(3, loaded.nodes());
        EdgeList.Ids ids = loaded.report().ids();
        assertEquals(EdgeList.Mapping.ASCENDING, ids.mapping());
        assertEquals("-9223372036854775808", ids.id(0));
        assertEquals("3000000000", ids.id(1));
        assertEquals("9223372036854775807", ids.id(2));
        assertArrayEquals(new int[] {0, 2}, loaded.graph().follows(1));
        IOException e = assertThrows(IOException.class, () -> read("0 1\n1 18446744073709551616\n"));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("beyond 64 bits"), e.getMessage());
    }

    @Test
    void shouldReadAKonectFileDirectedOrNoteThatItIs() throws IOException {
        Path konect = file("out.follows", "% asym unweighted\n% 3 3 3\n1 2\n2 1\n2 3\n");
        EdgeList.Loaded directed = EdgeList.read(konect, true);
        assertEquals(3, directed.graph().edges(), "one follow per line");
        assertArrayEquals(new int[] {1}, directed.graph().follows(0));
        assertArrayEquals(new int[] {0, 2}, directed.graph().follows(1));
        assertArrayEquals(new int[] {}, directed.graph().follows(2));
        assertEquals(0, directed.duplicates(), "2 1 is not 1 2 in a directed graph");
        assertTrue(directed.report().reading().startsWith("directed"));
        assertTrue(directed.report().notes().get(0).contains("asym") && directed.report().notes().get(0).contains("read as directed"));

        EdgeList.Loaded undirected = EdgeList.read(konect, false);
        assertEquals(4, undirected.graph().edges());
        assertEquals(new EdgeList.Count(1, 4), undirected.report().duplicates());
        assertTrue(undirected.report().notes().get(0).contains("give --directed"), undirected.report().notes().toString());
    }

    @Test
    void shouldDropRepeatedFollowsAndSelfLoopsWhenDirected() throws IOException {
        EdgeList.Loaded loaded = EdgeList.read(file("d.txt", "0 1\n0 1\n1 1\n1 0\n"), true);
        assertEquals(2, loaded.graph().edges());
        assertEquals(new EdgeList.Count(1, 2), loaded.report().duplicates());
        assertEquals(new EdgeList.Count(1, 3), loaded.report().selfLoops());
    }

    @Test
    void shouldRenumberIdsThatAreNotExactlyZeroToN() throws IOException {
        EdgeList.Loaded loaded = read("10 30\n30 20\n");
        assertTrue(loaded.renumbered());
        assertEquals(3, loaded.nodes());
        // 10 -> 0, 20 -> 1, 30 -> 2
        assertArrayEquals(new int[] {2}, loaded.graph().follows(0));
        assertArrayEquals(new int[] {2}, loaded.graph().follows(1));
        assertArrayEquals(new int[] {0, 1}, loaded.graph().follows(2));
        assertEquals("10 to 30 with gaps, renumbered in ascending order: the i-th smallest id is u<i>",
                loaded.report().ids().rule());
    }

    @Test
    void shouldNoteAFirstLineThatLooksLikeCounts() throws IOException {
        EdgeList.Report report = read("5 9\n0 1\n1 2\n2 3\n").report();
        assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("line 1 ('5 9')")), report.notes().toString());
    }

    @Test
    void shouldNameTheLineThatIsNotAnEdge() {
        IOException e = assertThrows(IOException.class, () -> read("0 1\n1 two\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        IOException oneColumn = assertThrows(IOException.class, () -> read("0 1\n7\n"));
        assertTrue(oneColumn.getMessage().contains("line 2: expected two node ids"), oneColumn.getMessage());
        IOException mixed = assertThrows(IOException.class, () -> read("0 1\n0,2\n"));
        assertTrue(mixed.getMessage().contains("line 2"), mixed.getMessage());
    }

    @Test
    void shouldRefuseGraphFormatsThatAreNotEdgeListsByName() {
        for (String[] c : new String[][] {{"<?xml version=\"1.0\"?>\n<graphml>\n", "XML"}, {"*Vertices 3\n1 \"a\"\n*Edges\n1 2\n", "Pajek"},
                {"graph [\n  node [ id 1 ]\n]\n", "GML"}, {"digraph G {\n a -> b;\n}\n", "DOT"}, {"{\"nodes\": []}\n", "JSON"}}) {
            IOException e = assertThrows(IOException.class, () -> read(c[0]));
            assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void shouldRejectAFileWithoutEdges() {
        assertThrows(IOException.class, () -> read("# nothing\n"));
        IOException header = assertThrows(IOException.class, () -> read("source,target\n"));
        assertTrue(header.getMessage().contains("header"), header.getMessage());
    }

    @Test
    void shouldKeepEachUsersFollowsSortedAndDistinct() throws IOException {
        EdgeList.Loaded loaded = read("5 0\n3 0\n5 0\n0 4\n1 0\n2 0\n");
        int[] follows = loaded.graph().follows(0);
        int[] sorted = follows.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, follows);
        assertEquals(5, follows.length);
    }

    @Test
    void shouldTellColumnNamesFromNames() {
        assertTrue(EdgeList.looksLikeColumnNames(new String[] {"source", "target"}));
        assertTrue(EdgeList.looksLikeColumnNames(new String[] {"from_user", "toUser"}));
        assertTrue(EdgeList.looksLikeColumnNames(new String[] {"Node1", "Node2"}));
        assertFalse(EdgeList.looksLikeColumnNames(new String[] {"alice", "bob"}));
        assertFalse(EdgeList.looksLikeColumnNames(new String[] {"tony", "fromage"}));
    }
}
