package dev.starling.tools.cli;

import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks of a command's outputs before it does any work: a directory to write into exists or can
 * be made and takes a file; a file to write is not a directory and its directory takes a file.
 * A failed check is a one-line usage error naming the option.
 */
public final class Outputs {

    private Outputs() {
    }

    /** Makes {@code dir} (and its parents) if missing and checks that a file can be written in it. */
    public static Path directory(CommandSpec spec, String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw Checks.fail(spec, option + " " + dir + " is a file; give a directory (made if missing)");
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw Checks.fail(spec, option + " " + dir + ": cannot make the directory, " + e.getFile() + " is a file");
        } catch (IOException | SecurityException e) {
            throw Checks.fail(spec, option + " " + dir + ": cannot make the directory (" + reason(e) + ")");
        }
        probe(spec, option, dir, dir);
        return dir;
    }

    /**
     * Checks that {@code file} can be written: not a directory, writable if it exists, and its
     * directory (made if missing) takes a file. The file itself is left as it was.
     */
    public static Path file(CommandSpec spec, String option, Path file) {
        if (Files.isDirectory(file)) {
            throw Checks.fail(spec, option + " " + file + " is a directory; give a file");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            directory(spec, option, parent);
        }
        if (Files.exists(file)) {
            try {
                Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND).close(); // can it be opened for writing?
                return file;
            } catch (IOException | SecurityException e) {
                throw Checks.fail(spec, option + " " + file + " cannot be written (" + reason(e) + ")");
            }
        }
        return file;
    }

    /** Writes and removes a file in {@code dir}: what permissions say is not always what the file system does. */
    private static void probe(CommandSpec spec, String option, Path given, Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".starling-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw Checks.fail(spec, option + " " + given + ": cannot write in " + dir + " (" + reason(e) + ")");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException n) {
            return "no such directory: " + n.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(java.util.Locale.ROOT) + ": " + fs.getFile();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName().replace("Exception", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT) + ": " + m;
    }
}
