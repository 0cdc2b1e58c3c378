package dev.starling.runtime;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * An idle strategy that spins briefly, yields, then parks until a producer {@link #wake()}s it
 * (the idea of the Disruptor's LiteBlockingWaitStrategy, for Agrona agents). On a machine with
 * few cores an engine thread must give its core away when idle, yet a request that arrives while
 * it sleeps must not wait for a timer to fire: the producer unparks it.
 *
 * <p>No wake-up is lost: the sleeper announces itself ({@code sleeping = true}, a volatile write)
 * and then looks for work once more before parking; a producer makes its work visible and then
 * reads {@code sleeping}. With both sides writing before reading, at least one of them sees the
 * other. The park also has a timeout, as a safety net.
 */
public final class WakeableIdleStrategy implements IdleStrategy {

    private static final int SPINS = 100;
    private static final int YIELDS = 10;
    /** The park's timeout: a safety net only, never what ends an idle wait that work ended. */
    public static final long DEFAULT_MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final BooleanSupplier workPending;
    private final long maxParkNanos;
    private volatile Thread owner;
    private volatile boolean sleeping;
    private volatile boolean idle;
    private int idleCount;

    public WakeableIdleStrategy(BooleanSupplier workPending) {
        this(workPending, DEFAULT_MAX_PARK_NANOS);
    }

    /** @param maxParkNanos the longest one park lasts without a wake-up (tests set it far out of the way) */
    public WakeableIdleStrategy(BooleanSupplier workPending, long maxParkNanos) {
        this.workPending = workPending;
        this.maxParkNanos = maxParkNanos;
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            if (idle) {
                idle = false;
            }
            reset();
        } else {
            if (!idle) {
                idle = true;
            }
            idle();
        }
    }

    /**
     * True while the thread's last duty cycle found no work (it spins, yields or sleeps): a caller
     * may then run the duty cycle itself instead of waking it (see {@code CallerSide#runOrWake}).
     */
    public boolean isIdle() {
        return idle;
    }

    @Override
    public void idle() {
        if (idleCount < SPINS) {
            idleCount++;
            Thread.onSpinWait();
        } else if (idleCount < SPINS + YIELDS) {
            idleCount++;
            Thread.yield();
        } else {
            owner = Thread.currentThread();
            sleeping = true;
            if (!workPending.getAsBoolean()) {
                LockSupport.parkNanos(this, maxParkNanos);
            }
            sleeping = false;
        }
    }

    @Override
    public void reset() {
        idleCount = 0;
    }

    /** Called by a producer after making work visible: unparks the thread if it sleeps. */
    public void wake() {
        if (sleeping) {
            Thread thread = owner;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }

    @Override
    public String alias() {
        return "wakeable-park";
    }
}
