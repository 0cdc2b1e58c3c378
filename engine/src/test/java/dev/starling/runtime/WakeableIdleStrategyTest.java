package dev.starling.runtime;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wake-up handshake, with the park's timeout an hour away: a wake-up that is lost leaves the
 * consumer parked and the producer's wait for it times out, so the test fails instead of being
 * rescued by a timer.
 */
class WakeableIdleStrategyTest {

    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    @Test
    void shouldNeverLoseAWakeUpAcrossManyHandOffs() throws Exception {
        AtomicLong produced = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        WakeableIdleStrategy idle = new WakeableIdleStrategy(() -> produced.get() > consumed.get(), HOUR);
        Thread consumer = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long p = produced.get();
                int work = 0;
                if (p > consumed.get()) {
                    consumed.set(p);
                    work = 1;
                }
                idle.idle(work);
            }
        }, "consumer");
        consumer.setDaemon(true);
        consumer.start();
        int handOffs = 20_000;
        for (int i = 1; i <= handOffs; i++) {
            if (i % 7 == 0) {
                LockSupport.parkNanos(50_000); // let the consumer reach its park now and then
            }
            produced.set(i); // make the work visible, then wake: the producer's half of the handshake
            idle.wake();
            long start = System.nanoTime();
            while (consumed.get() < i) {
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10),
                        "hand-off " + i + " was not picked up: its wake-up was lost");
                Thread.onSpinWait();
            }
        }
        consumer.interrupt();
        LockSupport.unpark(consumer);
        assertEquals(handOffs, consumed.get());
    }

    @Test
    void shouldReportIdleOnlyAfterADutyCycleWithoutWork() {
        WakeableIdleStrategy idle = new WakeableIdleStrategy(() -> true, HOUR);
        idle.idle(1);
        assertEquals(false, idle.isIdle());
        idle.idle(0);
        assertEquals(true, idle.isIdle());
        idle.idle(3);
        assertEquals(false, idle.isIdle());
    }
}
