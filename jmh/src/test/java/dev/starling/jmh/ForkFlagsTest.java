package dev.starling.jmh;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark list JMH generated at compile time gives every benchmark's forks the parent's JVM
 * flags. Surefire runs this test with the same list (its argLine), so the expected flags are this
 * JVM's own.
 */
class ForkFlagsTest {

    @Test
    void shouldPassTheParentJvmFlagsToEveryFork() throws IOException {
        List<String> expected = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-exports") || a.startsWith("--add-opens") || a.startsWith("-Dchronicle."))
                .collect(Collectors.toList());
        assertFalse(expected.isEmpty(), "surefire's argLine should carry the flag list");
        List<BenchmarkListEntry> entries;
        try (InputStream in = ForkFlagsTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            entries = BenchmarkList.readBenchmarkList(in);
        }
        Set<String> classes = entries.stream().map(BenchmarkListEntry::getUserClassQName).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(classes.containsAll(List.of(RingRoundTripBenchmark.class.getName(), ShardStoreBenchmark.class.getName(),
                FanOutBenchmark.class.getName(), ViewMergeBenchmark.class.getName(),
                SimulatorCycleBenchmark.class.getName(), FederationDeliveryBenchmark.class.getName())), classes.toString());
        for (BenchmarkListEntry entry : entries) {
            assertTrue(entry.getJvmArgsAppend().hasValue(), entry.getUsername() + " has no fork arguments");
            Collection<String> args = entry.getJvmArgsAppend().get();
            assertTrue(args.containsAll(expected), entry.getUsername() + " forks with " + args + ", missing some of " + expected);
        }
    }
}
