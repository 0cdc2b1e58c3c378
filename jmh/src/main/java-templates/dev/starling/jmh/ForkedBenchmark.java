package dev.starling.jmh;

import org.openjdk.jmh.annotations.Fork;

/**
 * Base of every Starling benchmark: its forks run with the parent pom's one list of JVM flags
 * ({@code starling.jvm.flags}: Chronicle Map's exports and opens, Agrona's, analytics off), which
 * the build writes into this annotation, and with the heap the tests use. JMH reads annotations
 * from superclasses, so subclasses declare no {@code @Fork} of their own; {@code -f N} on the
 * command line changes the number of forks and keeps these arguments.
 */
@Fork(value = 2, jvmArgsAppend = {"${jmh.fork.flags}", "-Xmx2g"})
public abstract class ForkedBenchmark {
}
