package dev.starling.engine.store;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionKey;
import net.openhft.chronicle.core.onoes.LogLevel;
import net.openhft.chronicle.hash.ChronicleHashCorruption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reports below are worded as Chronicle Map's recovery words them. */
class RecoveryReportsTest {

    private Map<ExceptionKey, Integer> logged;

    @BeforeEach
    void recordChronicleLogging() {
        logged = Jvm.recordExceptions(true, false, true);
    }

    @AfterEach
    void restoreChronicleLogging() {
        Jvm.resetExceptionHandlers();
    }

    @Test
    void shouldCountLocksAndCountersLeftByAKillAsRepairs() {
        RecoveryReports reports = new RecoveryReports("vub.be/shard-0");
        reports.reopening("messages");
        reports.onCorruption(report("lock of segment 3 is not clear: WriteLock"));
        reports.onCorruption(report("Wrong number of entries counter for tier with index 35, stored: 34, should be: 3"));
        reports.onCorruption(report("wrong lowest free chunk for tier with index 3, stored: 35, should be: 34"));
        reports.onCorruption(report("global mutable state lock of map at x.cm3 is not clear: locked"));
        assertEquals(4, reports.repairs());
        assertEquals(0, reports.damaged());
        assertTrue(logged.keySet().stream().noneMatch(k -> k.level() == LogLevel.ERROR), logged.toString());
    }

    @Test
    void shouldReportADroppedEntryAsAnErrorNamingTheStore() {
        RecoveryReports reports = new RecoveryReports("vub.be/shard-1");
        reports.reopening("timelines");
        reports.onCorruption(report("Overlapping entry: positions 10-12, key: 7, value: x"));
        reports.onCorruption(report("Entry pos is out of range: 99999, should be 0-4095"));
        assertEquals(0, reports.repairs());
        assertEquals(2, reports.damaged());
        assertEquals(2, logged.keySet().stream().filter(k -> k.level() == LogLevel.ERROR
                && k.message().startsWith("vub.be/shard-1/timelines: recovery dropped")).count(), logged.toString());
    }

    @Test
    void shouldTreatAReportWithAnExceptionAsDamage() {
        assertFalse(RecoveryReports.isBookkeeping("Exception while reading entry key size"));
        assertFalse(RecoveryReports.isBookkeeping(null));
        assertTrue(RecoveryReports.isBookkeeping("lock of segment 0 is not clear: ReadLock"));
    }

    private static ChronicleHashCorruption report(String message) {
        return new ChronicleHashCorruption() {
            @Override
            public String message() {
                return message;
            }

            @Override
            public Throwable exception() {
                return null;
            }

            @Override
            public int segmentIndex() {
                return 0;
            }
        };
    }
}
