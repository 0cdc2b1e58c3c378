package dev.starling.runtime;

import net.openhft.affinity.Affinity;
import net.openhft.affinity.AffinityLock;
import net.openhft.affinity.impl.NullAffinity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which CPUs long-lived threads (engine threads, sampling agents) are pinned to, written the same
 * way on the command line and in builders:
 * <ul>
 *   <li>{@code none}: no pinning (the default);</li>
 *   <li>{@code auto}: each thread takes a free CPU from OpenHFT's {@link AffinityLock}, which hands
 *       out the reservable CPUs (isolated ones, or every CPU but 0) and locks each to one thread,
 *       across processes too;</li>
 *   <li>a list such as {@code 0,1}, {@code 2-5} or {@code 0,2-3}: the k-th thread started is
 *       pinned to the k-th CPU listed, exactly there (CPU 0 included), with
 *       {@link Affinity#setAffinity(int)}.</li>
 * </ul>
 * Threads beyond what the CPUs allow (on 2 cores, {@code auto} has only CPU 1 to give) are not
 * pinned: each thread logs whether it was pinned, and where, or why not, and runs either way.
 * Pinning never fails a run.
 */
public final class ThreadAffinity {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadAffinity.class);
    private static final int MAX_CPU = 4095;

    /** How the CPUs are chosen. */
    public enum Mode { NONE, AUTO, LIST }

    public static final ThreadAffinity NONE = new ThreadAffinity(Mode.NONE, List.of(), "none");

    private final Mode mode;
    private final List<Integer> cpus;
    private final String text;

    private ThreadAffinity(Mode mode, List<Integer> cpus, String text) {
        this.mode = mode;
        this.cpus = cpus;
        this.text = text;
    }

    /**
     * Parses {@code none}, {@code auto} or a comma-separated list of CPUs and ranges.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ThreadAffinity parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("affinity must be none, auto or a CPU list such as 0,1 or 2-5");
        }
        String spec = text.trim().toLowerCase(Locale.ROOT);
        if (spec.equals("none")) {
            return NONE;
        }
        if (spec.equals("auto")) {
            return new ThreadAffinity(Mode.AUTO, List.of(), "auto");
        }
        List<Integer> cpus = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String item = part.trim();
            int dash = item.indexOf('-');
            int from = cpu(dash < 0 ? item : item.substring(0, dash), text);
            int to = dash < 0 ? from : cpu(item.substring(dash + 1), text);
            if (to < from) {
                throw new IllegalArgumentException("affinity '" + text + "': range " + item + " runs backwards");
            }
            for (int c = from; c <= to; c++) {
                if (cpus.contains(c)) {
                    throw new IllegalArgumentException("affinity '" + text + "': CPU " + c + " is listed twice");
                }
                cpus.add(c);
            }
        }
        return new ThreadAffinity(Mode.LIST, List.copyOf(cpus), spec.replace(" ", ""));
    }

    private static int cpu(String number, String text) {
        String n = number.trim();
        if (n.isEmpty() || !n.chars().allMatch(Character::isDigit) || n.length() > 4 || Integer.parseInt(n) > MAX_CPU) {
            throw new IllegalArgumentException("affinity must be none, auto or a CPU list such as 0,1 or 2-5 (CPUs 0 to "
                    + MAX_CPU + "); got '" + text + "'");
        }
        return Integer.parseInt(n);
    }

    public Mode mode() {
        return mode;
    }

    /** The CPUs of a list, in order (empty for {@code none} and {@code auto}). */
    public List<Integer> cpus() {
        return cpus;
    }

    /**
     * Decides, without touching any thread, where the k-th thread goes.
     *
     * @param allowed    CPUs this process may run on
     * @param reservable CPUs {@code auto} may hand out
     */
    public Plan plan(BitSet allowed, BitSet reservable) {
        List<Integer> candidates = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        switch (mode) {
            case NONE -> {
            }
            case AUTO -> reservable.stream().filter(allowed::get).forEach(candidates::add);
            case LIST -> {
                for (int c : cpus) {
                    candidates.add(c);
                    notes.add(allowed.get(c) ? null : "CPU " + c + " is not one this process may use (" + cpuList(allowed) + ")");
                }
            }
        }
        String exhausted = switch (mode) {
            case NONE -> "affinity is none";
            case AUTO -> candidates.isEmpty()
                    ? "no CPU can be reserved here (allowed " + cpuList(allowed) + ", reservable " + cpuList(reservable) + ")"
                    : "auto has " + candidates.size() + " CPU(s) to hand out (" + cpuList(candidates)
                            + "; CPU 0 and CPUs outside the reservable set stay with the OS)";
            case LIST -> "the list " + text + " names " + cpus.size() + " CPU(s)";
        };
        return new Plan(mode, candidates, notes, exhausted);
    }

    /**
     * A fresh pinning of this kind: CPUs are handed to threads in the order their tasks are
     * wrapped. Each call starts from the first CPU again.
     *
     * @param owner names the threads' owner in log lines, e.g. {@code "engine"}
     */
    public Pinning newPinning(String owner) {
        if (mode == Mode.NONE) {
            return new Pinning(owner, this, plan(new BitSet(), new BitSet()));
        }
        try {
            BitSet allowed = (BitSet) AffinityLock.BASE_AFFINITY.clone();
            BitSet reservable = (BitSet) AffinityLock.RESERVED_AFFINITY.clone();
            return new Pinning(owner, this, plan(allowed, reservable));
        } catch (RuntimeException | LinkageError e) {
            return new Pinning(owner, this, new Plan(mode, List.of(), List.of(), "thread affinity is unavailable: " + e));
        }
    }

    @Override
    public String toString() {
        return text;
    }

    static String cpuList(BitSet set) {
        List<Integer> list = new ArrayList<>();
        set.stream().forEach(list::add);
        return cpuList(list);
    }

    static String cpuList(List<Integer> cpus) {
        return cpus.isEmpty() ? "none" : cpus.toString().replace(" ", "");
    }

    /**
     * Where each thread goes: the k-th thread to {@link #cpuFor(int)} its candidate CPU, or
     * nowhere, with {@link #whyNot(int)} saying why.
     */
    public static final class Plan {
        private final Mode mode;
        private final List<Integer> candidates;
        private final List<String> notes;
        private final String exhausted;

        Plan(Mode mode, List<Integer> candidates, List<String> notes, String exhausted) {
            this.mode = mode;
            this.candidates = candidates;
            this.notes = notes;
            this.exhausted = exhausted;
        }

        /** The CPU planned for the k-th thread, or -1 when it is to stay unpinned. */
        public int cpuFor(int k) {
            if (k >= candidates.size() || (k < notes.size() && notes.get(k) != null)) {
                return -1;
            }
            return candidates.get(k);
        }

        /** Why the k-th thread stays unpinned, or null when it has a CPU. */
        public String whyNot(int k) {
            if (k >= candidates.size()) {
                return exhausted;
            }
            return k < notes.size() ? notes.get(k) : null;
        }

        Mode mode() {
            return mode;
        }
    }

    /**
     * What happened to one thread.
     *
     * @param slot   its place in the plan (0 for the first thread wrapped)
     * @param thread its name when it started
     * @param cpu    the CPU it is pinned to, or -1
     * @param reason why it is not pinned (null when it is)
     */
    public record Outcome(int slot, String thread, int cpu, String reason) {
        public boolean pinned() {
            return cpu >= 0;
        }

        @Override
        public String toString() {
            String who = "thread " + (slot + 1) + " (" + thread + ")";
            return pinned() ? who + " on CPU " + cpu : who + " not pinned: " + reason;
        }
    }

    /**
     * One use of a {@link ThreadAffinity}: wraps the tasks of threads about to start so that each
     * pins itself first, records what happened, and releases its CPU when the task ends.
     */
    public static final class Pinning {
        private final String owner;
        private final ThreadAffinity affinity;
        private final Plan plan;
        private final AtomicInteger next = new AtomicInteger();
        private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());

        Pinning(String owner, ThreadAffinity affinity, Plan plan) {
            this.owner = owner;
            this.affinity = affinity;
            this.plan = plan;
        }

        /** The task, pinning its thread first to the next planned CPU (the plan's order is wrap order). */
        public Runnable wrap(Runnable task) {
            if (affinity.mode == Mode.NONE) {
                return task;
            }
            int k = next.getAndIncrement();
            return () -> {
                AffinityLock lock = pin(k);
                try {
                    task.run();
                } finally {
                    if (lock != null) {
                        lock.release();
                    }
                }
            };
        }

        /** A factory of threads that pin themselves as planned (names are left to the caller). */
        public ThreadFactory threadFactory() {
            return task -> new Thread(wrap(task));
        }

        /** What happened so far, in the order threads pinned themselves. */
        public List<Outcome> outcomes() {
            synchronized (outcomes) {
                return List.copyOf(outcomes);
            }
        }

        private AffinityLock pin(int k) {
            String thread = Thread.currentThread().getName();
            int planned = plan.cpuFor(k);
            AffinityLock lock = null;
            String reason = plan.whyNot(k);
            int cpu = -1;
            try {
                if (planned >= 0 && Affinity.getAffinityImpl() instanceof NullAffinity) {
                    reason = "thread affinity is not supported on this system";
                } else if (planned >= 0 && plan.mode() == Mode.AUTO) {
                    lock = AffinityLock.acquireLock(planned);
                    cpu = lock.cpuId();
                    if (cpu < 0) {
                        reason = "no reservable CPU is free (another thread or process holds it)";
                        lock = null;
                    }
                } else if (planned >= 0) {
                    Affinity.setAffinity(planned);
                    BitSet now = Affinity.getAffinity();
                    if (now.cardinality() == 1 && now.get(planned)) {
                        cpu = planned;
                    } else {
                        reason = "the OS kept the thread on " + cpuList(now);
                    }
                }
            } catch (RuntimeException | LinkageError e) {
                reason = "pinning failed: " + e;
                cpu = -1;
            }
            Outcome outcome = new Outcome(k, thread, cpu, cpu >= 0 ? null : reason);
            outcomes.add(outcome);
            LOG.info("{} affinity {}: {}", owner, affinity, outcome);
            return lock;
        }
    }
}
