package dev.starling.federation.aeron;

import dev.starling.engine.RingEngine;
import dev.starling.runtime.OrphanDirectories;
import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A process's way onto Aeron: an Aeron client connected to a media driver, either one embedded
 * in this process (its directory under {@link RingEngine#temporaryRoot()}, {@code /dev/shm} where
 * it exists, deleted on start and on close) or an external driver already running on the
 * directory given. Closing closes the client, then the embedded driver. Directories of embedded
 * drivers whose process was killed are removed when the next one starts ({@link OrphanDirectories}).
 */
public final class AeronMedia implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AeronMedia.class);
    /** An embedded driver's directory: this, the process id, '-', a number. */
    private static final String EMBEDDED_PREFIX = "starling-aeron-";

    private final MediaDriver driver;
    private final Aeron aeron;

    private AeronMedia(MediaDriver driver, Aeron aeron) {
        this.driver = driver;
        this.aeron = aeron;
    }

    /**
     * Connects to the media driver running on {@code externalDirectory}, or, when it is null,
     * launches one embedded in this process (one shared thread, backing off to 1 ms sleeps when
     * idle, so that several processes share a small machine).
     */
    public static AeronMedia launch(Path externalDirectory) {
        MediaDriver driver = null;
        String directory;
        if (externalDirectory == null) {
            OrphanDirectories.remove(RingEngine.temporaryRoot(), EMBEDDED_PREFIX);
            MediaDriver.Context context = new MediaDriver.Context()
                    .aeronDirectoryName(RingEngine.temporaryRoot().resolve(EMBEDDED_PREFIX + ProcessHandle.current().pid()
                            + "-" + System.nanoTime()).toString())
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(idleStrategy())
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .warnIfDirectoryExists(false);
            driver = MediaDriver.launch(context);
            directory = driver.aeronDirectoryName();
        } else {
            directory = externalDirectory.toString();
        }
        try {
            Aeron aeron = Aeron.connect(new Aeron.Context()
                    .aeronDirectoryName(directory)
                    .errorHandler(t -> LOG.warn("aeron client error", t)));
            return new AeronMedia(driver, aeron);
        } catch (RuntimeException e) {
            if (driver != null) {
                driver.close();
            }
            throw e;
        }
    }

    /** How Starling's Aeron agents and the embedded driver wait for work: spin briefly, then sleep up to 1 ms. */
    public static IdleStrategy idleStrategy() {
        return new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    }

    public Aeron aeron() {
        return aeron;
    }

    /** The media driver's directory. */
    public String directory() {
        return aeron.context().aeronDirectoryName();
    }

    /** True when the media driver runs inside this process. */
    public boolean embedded() {
        return driver != null;
    }

    @Override
    public void close() {
        aeron.close();
        if (driver != null) {
            driver.close();
        }
    }
}
