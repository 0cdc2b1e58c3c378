package dev.starling.tools.workload;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The text lines of a graph file in the forms people publish it: plain, gzip, bzip2, a zip or tar
 * archive (also {@code .tar.gz} and {@code .tar.bz2}) holding the graph; UTF-8 with or without a
 * byte-order mark, or UTF-16 with one. Compression and archives are recognised by their first
 * bytes, not by the file name. Lines end with LF, CRLF or CR; the byte-order mark is not part of
 * line 1.
 *
 * <p>Nothing is dropped quietly: a UTF-8 line that does not decode is refused with the file, the
 * line and the byte, unless it is a comment ({@code #} or {@code %} first), which is counted (see
 * {@link #undecodableComments()}) and handed on with the bad bytes replaced, so that the caller
 * still sees it as a comment.
 */
final class GraphFileLines implements Closeable {

    private static final int BUFFER = 1 << 16;
    /** Names in an archive that are not the graph: KONECT's README and meta files, macOS resource forks. */
    private static final List<String> NOT_GRAPH = List.of("readme", "meta.", "license", "licence", "._");

    private final String name;
    private final String container;
    private final String encoding;
    private final InputStream in;
    private final BufferedReader wideReader;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private boolean eof;
    private boolean pendingCarriageReturn;
    private byte[] line = new byte[256];
    private int number;
    private long undecodableComments;
    private int firstUndecodableComment;

    private GraphFileLines(String name, String container, String encoding, InputStream in, Charset wide) {
        this.name = name;
        this.container = container;
        this.encoding = encoding;
        this.in = in;
        this.wideReader = wide == null ? null : new BufferedReader(new InputStreamReader(in, wide.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), BUFFER);
    }

    /**
     * Opens a graph file: finds its compression, the graph inside an archive, and its encoding.
     *
     * @throws IOException saying what the file is when it cannot be read as text
     */
    static GraphFileLines open(Path file) throws IOException {
        String display = file.toString();
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        InputStream open = raw; // what to close if this fails
        try {
            Opened opened = decompress(raw, display);
            Opened content = opened;
            byte[] head;
            try {
                head = peek(opened.in, 512);
            } catch (IOException e) {
                throw new IOException(display + ": " + opened.container + " data damaged or cut short (" + e.getMessage()
                        + ")", e);
            }
            if (isZip(head) || isTar(head)) {
                String archive = isZip(head) ? "zip" : "tar";
                String kind = opened.container.equals("plain") ? archive : archive + "." + compressedSuffix(opened.container);
                List<String> entries = listEntries(opened.in, isZip(head), display);
                opened.in.close();
                String entry = chooseEntry(entries, display, kind);
                InputStream again = new BufferedInputStream(Files.newInputStream(file), BUFFER);
                open = again;
                again = decompress(again, display).in;
                ArchiveInputStream<?> archiveIn = isZip(head) ? new ZipArchiveInputStream(again) : new TarArchiveInputStream(again);
                for (ArchiveEntry e = archiveIn.getNextEntry(); e != null; e = archiveIn.getNextEntry()) {
                    if (e.getName().equals(entry)) {
                        break;
                    }
                }
                content = new Opened(new BufferedInputStream(archiveIn, BUFFER), kind + " entry '" + entry + "'");
                display = display + "!" + entry;
            }
            return withEncoding(content.in, display, content.container);
        } catch (IOException | RuntimeException e) {
            open.close();
            throw e;
        }
    }

    private record Opened(InputStream in, String container) {
    }

    private static Opened decompress(InputStream raw, String display) throws IOException {
        byte[] magic = peek(raw, 6);
        if (startsWith(magic, 0x1f, 0x8b)) {
            return new Opened(new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER), "gzip");
        }
        if (startsWith(magic, 'B', 'Z', 'h')) {
            return new Opened(new BufferedInputStream(new BZip2CompressorInputStream(raw, true), BUFFER), "bzip2");
        }
        String refused = startsWith(magic, 0xfd, '7', 'z', 'X', 'Z', 0) ? "xz"
                : startsWith(magic, 0x28, 0xb5, 0x2f, 0xfd) ? "zstd"
                : startsWith(magic, '7', 'z', 0xbc, 0xaf, 0x27, 0x1c) ? "7z"
                : startsWith(magic, 'R', 'a', 'r', '!') ? "rar"
                : startsWith(magic, 0x1f, 0x9d) ? "compress (.Z)"
                : null;
        if (refused != null) {
            throw new IOException(display + ": " + refused + "-compressed, which is not read here; decompress it first,"
                    + " or recompress it with gzip, bzip2 or zip");
        }
        return new Opened(raw, "plain");
    }

    private static String compressedSuffix(String container) {
        return container.equals("gzip") ? "gz" : "bz2";
    }

    private static boolean isZip(byte[] head) {
        return startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6);
    }

    private static boolean isTar(byte[] head) {
        return head.length >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a'
                && head[261] == 'r';
    }

    private static List<String> listEntries(InputStream in, boolean zip, String display) throws IOException {
        List<String> files = new ArrayList<>();
        ArchiveInputStream<?> archive = zip ? new ZipArchiveInputStream(in) : new TarArchiveInputStream(in);
        for (ArchiveEntry e = archive.getNextEntry(); e != null; e = archive.getNextEntry()) {
            if (!e.isDirectory()) {
                files.add(e.getName());
            }
        }
        return files;
    }

    /**
     * The graph inside an archive: its only file; else its only KONECT {@code out.*} file; else
     * its only file that is not a README, licence or meta file.
     */
    static String chooseEntry(List<String> files, String display, String kind) throws IOException {
        if (files.isEmpty()) {
            throw new IOException(display + ": a " + kind + " archive that holds no file");
        }
        if (files.size() == 1) {
            return files.get(0);
        }
        List<String> konect = files.stream().filter(f -> baseName(f).startsWith("out.")).toList();
        if (konect.size() == 1) {
            return konect.get(0);
        }
        List<String> data = files.stream().filter(f -> !isNotGraph(f)).toList();
        if (data.size() == 1) {
            return data.get(0);
        }
        throw new IOException(display + ": a " + kind + " archive of " + files.size() + " files "
                + files.subList(0, Math.min(10, files.size())) + (files.size() > 10 ? " ..." : "")
                + ", and which one is the graph is not clear; unpack it and give the graph's file");
    }

    private static boolean isNotGraph(String entry) {
        String lower = entry.toLowerCase(Locale.ROOT);
        String base = baseName(lower);
        return lower.contains("__macosx/") || NOT_GRAPH.stream().anyMatch(base::startsWith);
    }

    private static String baseName(String entry) {
        return entry.substring(entry.lastIndexOf('/') + 1);
    }

    private static GraphFileLines withEncoding(InputStream in, String display, String container) throws IOException {
        byte[] bom = peek(in, 4);
        if (startsWith(bom, 0xff, 0xfe, 0, 0) || startsWith(bom, 0, 0, 0xfe, 0xff)) {
            throw new IOException(display + ": UTF-32 (it starts with a UTF-32 byte-order mark), which is not read here;"
                    + " save it as UTF-8");
        }
        if (startsWith(bom, 0xef, 0xbb, 0xbf)) {
            skip(in, 3);
            return new GraphFileLines(display, container, "UTF-8 with byte-order mark", in, null);
        }
        if (startsWith(bom, 0xfe, 0xff)) {
            skip(in, 2);
            return new GraphFileLines(display, container, "UTF-16BE with byte-order mark", in, StandardCharsets.UTF_16BE);
        }
        if (startsWith(bom, 0xff, 0xfe)) {
            skip(in, 2);
            return new GraphFileLines(display, container, "UTF-16LE with byte-order mark", in, StandardCharsets.UTF_16LE);
        }
        return new GraphFileLines(display, container, "UTF-8", in, null);
    }

    private static byte[] peek(InputStream in, int n) throws IOException {
        in.mark(n);
        byte[] bytes = in.readNBytes(n);
        in.reset();
        return bytes;
    }

    private static void skip(InputStream in, int n) throws IOException {
        in.skipNBytes(n);
    }

    private static boolean startsWith(byte[] bytes, int... expected) {
        if (bytes.length < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** The file as messages name it, with the archive entry after a {@code !}. */
    String name() {
        return name;
    }

    /** How the file is stored: plain, gzip, bzip2, or an archive entry such as {@code zip entry 'a.txt'}. */
    String container() {
        return container;
    }

    /** The text encoding, e.g. {@code UTF-8 with byte-order mark}. */
    String encoding() {
        return encoding;
    }

    /** The number of the line {@link #next()} returned last, from 1. */
    int number() {
        return number;
    }

    /** Comment lines that held bytes that are not UTF-8 (read as comments all the same). */
    long undecodableComments() {
        return undecodableComments;
    }

    /** The first of them, 0 if none. */
    int firstUndecodableComment() {
        return firstUndecodableComment;
    }

    /**
     * The next line without its line end, or null at the end of the file.
     *
     * @throws IOException naming the file and the line when a line is not text in the file's encoding
     */
    String next() throws IOException {
        if (wideReader != null) {
            try {
                String text = wideReader.readLine();
                if (text != null) {
                    number++;
                }
                return text;
            } catch (CharacterCodingException e) {
                throw new IOException(name + " line " + (number + 1) + ": not valid UTF-16 text ("
                        + e.getMessage() + "); save the file as UTF-8", e);
            }
        }
        int length;
        try {
            length = readLineBytes();
        } catch (IOException e) {
            // read ahead in blocks: the damage lies somewhere after the lines handed out so far
            throw new IOException(name + ": " + (container.equals("plain") ? "cannot read" : container
                    + " data damaged or cut short") + " after line " + number + " (" + e.getMessage() + ")", e);
        }
        if (length < 0) {
            return null;
        }
        number++;
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b < 0) {
                ascii = false;
            } else if (b == 0) {
                throw new IOException(name + " line " + number + ": a NUL byte at column " + (i + 1) + ", which text"
                        + " does not hold: UTF-16 without a byte-order mark, or not a text file; save it as UTF-8");
            }
        }
        if (ascii) {
            return new String(line, 0, length, StandardCharsets.ISO_8859_1);
        }
        utf8.reset();
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        CharBuffer chars = CharBuffer.allocate(length);
        CoderResult result = utf8.decode(bytes, chars, true);
        if (result.isUnderflow()) {
            result = utf8.flush(chars);
        }
        if (!result.isError()) {
            return chars.flip().toString();
        }
        if (isComment(length)) {
            undecodableComments++;
            if (firstUndecodableComment == 0) {
                firstUndecodableComment = number;
            }
            return new String(line, 0, length, StandardCharsets.UTF_8);
        }
        int at = bytes.position();
        throw new IOException(String.format(Locale.ROOT, "%s line %d: byte 0x%02X at column %d is not UTF-8 (a Latin-1"
                        + " or Windows-1252 file?); save it as UTF-8, or as UTF-16 with a byte-order mark",
                name, number, line[at] & 0xff, at + 1));
    }

    private boolean isComment(int length) {
        for (int i = 0; i < length; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t') {
                return b == '#' || b == '%';
            }
        }
        return false;
    }

    /** Reads one line's bytes into {@link #line}; returns its length, or -1 at the end of the file. */
    private int readLineBytes() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                if (eof) {
                    return any ? length : -1;
                }
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    eof = true;
                    continue;
                }
            }
            if (pendingCarriageReturn) {
                pendingCarriageReturn = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            int n = position - start;
            if (length + n > line.length) {
                line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + n));
            }
            System.arraycopy(buffer, start, line, length, n);
            length += n;
            if (position < limit) {
                pendingCarriageReturn = buffer[position] == '\r';
                position++;
                return length;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
