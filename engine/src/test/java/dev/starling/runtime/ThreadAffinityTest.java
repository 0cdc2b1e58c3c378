package dev.starling.runtime;

import net.openhft.affinity.Affinity;
import net.openhft.affinity.AffinityLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadAffinityTest {

    private static BitSet cpus(int... ids) {
        BitSet set = new BitSet();
        for (int id : ids) {
            set.set(id);
        }
        return set;
    }

    @Test
    void shouldParseNoneAutoAndCpuLists() {
        assertSame(ThreadAffinity.NONE, ThreadAffinity.parse(" None "));
        assertEquals(ThreadAffinity.Mode.AUTO, ThreadAffinity.parse("AUTO").mode());
        ThreadAffinity list = ThreadAffinity.parse("0, 2-4,7");
        assertEquals(ThreadAffinity.Mode.LIST, list.mode());
        assertEquals(List.of(0, 2, 3, 4, 7), list.cpus());
        assertEquals("0,2-4,7", list.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "any", "1-", "-1", "3-1", "0,0", "1,,2", "1.5", "99999", "0-2,2"})
    void shouldRejectMalformedSpecs(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ThreadAffinity.parse(spec));
        assertTrue(e.getMessage().contains("affinity"), e.getMessage());
    }

    @Test
    void shouldPlanAutoOverTheReservableCpusAndLeaveTheRestUnpinned() {
        ThreadAffinity.Plan plan = ThreadAffinity.parse("auto").plan(cpus(0, 1), cpus(1));
        assertEquals(1, plan.cpuFor(0));
        assertNull(plan.whyNot(0));
        assertEquals(-1, plan.cpuFor(1));
        assertTrue(plan.whyNot(1).contains("1 CPU(s) to hand out ([1]"), plan.whyNot(1));
    }

    @Test
    void shouldPlanAListInOrderAndSayWhichCpusAreMissing() {
        ThreadAffinity.Plan plan = ThreadAffinity.parse("1,0,5").plan(cpus(0, 1), cpus(1));
        assertEquals(1, plan.cpuFor(0));
        assertEquals(0, plan.cpuFor(1));
        assertEquals(-1, plan.cpuFor(2));
        assertTrue(plan.whyNot(2).contains("CPU 5 is not one this process may use ([0,1])"), plan.whyNot(2));
        assertEquals(-1, plan.cpuFor(3));
        assertTrue(plan.whyNot(3).contains("names 3 CPU(s)"), plan.whyNot(3));
    }

    @Test
    void shouldPlanNothingForNone() {
        ThreadAffinity.Plan plan = ThreadAffinity.NONE.plan(cpus(0, 1), cpus(1));
        assertEquals(-1, plan.cpuFor(0));
        assertEquals("affinity is none", plan.whyNot(0));
    }

    @Test
    void shouldLeaveTasksUnwrappedWhenNone() {
        Runnable task = () -> { };
        assertSame(task, ThreadAffinity.NONE.newPinning("test").wrap(task));
    }

    /** More threads than this machine can pin: each runs, and each says truthfully where it ran. */
    @Test
    void shouldPinWhatItCanReportTheRestAndRunEveryThread() throws InterruptedException {
        int threads = Runtime.getRuntime().availableProcessors() + 1;
        for (String spec : List.of("auto", "0")) {
            ThreadAffinity.Pinning pinning = ThreadAffinity.parse(spec).newPinning("test");
            Map<String, BitSet> seen = new ConcurrentHashMap<>();
            CountDownLatch running = new CountDownLatch(threads);
            CountDownLatch release = new CountDownLatch(1);
            List<Thread> started = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = pinning.threadFactory().newThread(() -> {
                    seen.put(Thread.currentThread().getName(), Affinity.getAffinity());
                    running.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS); // all hold their CPUs at once
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                thread.setName("pinning-test-" + spec + "-" + t);
                started.add(thread);
                thread.start();
            }
            assertTrue(running.await(10, TimeUnit.SECONDS), "every thread runs, pinned or not");
            release.countDown();
            for (Thread thread : started) {
                thread.join(10_000);
            }
            List<ThreadAffinity.Outcome> outcomes = pinning.outcomes();
            assertEquals(threads, outcomes.size());
            long pinned = outcomes.stream().filter(ThreadAffinity.Outcome::pinned).count();
            assertTrue(pinned < threads, spec + ": more threads than CPUs cannot all be pinned: " + outcomes);
            for (ThreadAffinity.Outcome outcome : outcomes) {
                BitSet affinity = seen.get(outcome.thread());
                assertNotNull(affinity, outcome.toString());
                if (outcome.pinned()) {
                    assertEquals(cpus(outcome.cpu()), affinity, outcome.toString());
                } else {
                    assertNotNull(outcome.reason(), outcome.toString());
                    assertEquals(AffinityLock.BASE_AFFINITY, affinity, outcome + " keeps the process's CPUs");
                }
            }
        }
    }
}
