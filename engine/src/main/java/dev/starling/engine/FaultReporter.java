package dev.starling.engine;

import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a shard reports a fault it caught (one request or event failed; the shard carries on):
 * counted, then logged with its stack trace, except faults injected on purpose ({@link
 * FaultInjector}), which take one line at debug level so that test output shows only real ones.
 */
final class FaultReporter {

    // named after the shard, whose faults these are (a class reference would tie this class back to Shard)
    private static final Logger LOG = LoggerFactory.getLogger("dev.starling.engine.Shard");

    private final String role;
    private final AtomicCounter faults;

    FaultReporter(String role, AtomicCounter faults) {
        this.role = role;
        this.faults = faults;
    }

    /** Counts and logs {@code fault}; {@code what} says what failed, for the log line. */
    void report(String what, Throwable fault) {
        faults.incrementRelease();
        if (fault instanceof FaultInjector.InjectedFault) {
            LOG.debug("{}: {} failed: {}", role, what, fault.getMessage());
        } else {
            LOG.warn("{}: {} failed (the shard carries on)", role, what, fault);
        }
    }
}
