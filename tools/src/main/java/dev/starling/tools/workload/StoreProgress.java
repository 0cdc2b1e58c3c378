package dev.starling.tools.workload;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Progress while a RING deployment creates its stores, which can take a while for many users:
 * the bytes written so far (the growth of the used space where they go) against the estimate.
 * Small stores (under {@value #QUIET_BELOW_MIB} MiB) are created without a word.
 */
public final class StoreProgress {

    static final long QUIET_BELOW_MIB = 512;

    private StoreProgress() {
    }

    /** Runs {@code create} with a progress line about the stores it writes under {@code where}. */
    public static <T> T whileCreating(PrintStream out, Path where, long estimatedBytes, Supplier<T> create) {
        if (estimatedBytes < QUIET_BELOW_MIB << 20) {
            return create.get();
        }
        long before = Capacity.usedBytes(where);
        Progress progress = new Progress(out, "creating stores", estimatedBytes);
        Thread ticker = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long used = Capacity.usedBytes(where);
                if (before >= 0 && used >= 0) {
                    progress.status("creating stores: " + Capacity.size(Math.max(0, used - before)) + " of about "
                            + Capacity.size(estimatedBytes) + " in " + where, false);
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "starling-store-progress");
        ticker.setDaemon(true);
        ticker.start();
        try {
            return create.get();
        } finally {
            ticker.interrupt();
            try {
                ticker.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            progress.end();
        }
    }
}
