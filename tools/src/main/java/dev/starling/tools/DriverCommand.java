package dev.starling.tools;

import dev.starling.federation.aeron.AeronMedia;
import dev.starling.tools.cli.Checks;
import dev.starling.tools.cli.UntilStopped;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.AeronException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Runs an Aeron media driver that several {@code serve} processes (and clients) of this host share
 * through {@code --aeron-dir}: their federation links then go over IPC (shared memory) instead
 * of UDP loopback.
 */
@Command(name = "driver", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Runs an Aeron media driver for serve processes to share (--aeron-dir) until SIGTERM or Ctrl-C.",
        description = {
                "Serve processes of one host started with the same --aeron-dir share this driver: links between"
                        + " them go over IPC (shared memory) instead of UDP, while peers on other hosts or other"
                        + " drivers are still reached over UDP. Prints 'ready driver on DIR' once clients can"
                        + " connect; on SIGTERM or Ctrl-C stops and removes DIR. Start it before the serve"
                        + " processes; stopping it stops their links.",
                ""})
public final class DriverCommand implements Callable<Integer> {

    /**
     * IPC terms as large as the UDP ones (Aeron's default IPC term is 64 MiB): the same largest
     * message, 2 MiB, over either path, and a quarter of the shared memory per link.
     */
    private static final int IPC_TERM_BYTES = 16 << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
            description = "The driver's directory, to give each serve process as --aeron-dir (default: ${DEFAULT-VALUE}).")
    Path directory = (Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir")))
            .resolve("starling-driver-" + System.getProperty("user.name"));

    private static boolean isEmpty(Path directory) {
        try (java.util.stream.Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Override
    public Integer call() {
        Checks.require(spec, !Files.exists(directory) || Files.isDirectory(directory),
                "--aeron-dir " + directory + " is a file");
        Checks.require(spec, !CommonContext.isDriverActive(directory.toFile(), CommonContext.DEFAULT_DRIVER_TIMEOUT_MS,
                message -> { }), "--aeron-dir " + directory + ": a media driver already runs there");
        // the driver deletes its directory at start and at exit: only an empty one, or an old driver's
        Checks.require(spec, !Files.isDirectory(directory) || isEmpty(directory)
                        || Files.exists(directory.resolve(CncFileDescriptor.CNC_FILE)),
                "--aeron-dir " + directory + " holds other files; the driver deletes its directory on exit: give a new"
                        + " or empty one");
        MediaDriver driver;
        try {
            driver = MediaDriver.launch(new MediaDriver.Context()
                    .aeronDirectoryName(directory.toString())
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(AeronMedia.idleStrategy())
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .ipcTermBufferLength(IPC_TERM_BYTES));
        } catch (AeronException | IllegalStateException e) {
            throw Checks.fail(spec, "--aeron-dir " + directory + ": Aeron refused: " + e.getMessage());
        }
        return UntilStopped.run("ready driver on " + directory, driver::close, "closed driver on " + directory,
                "starling-driver-stop");
    }
}
