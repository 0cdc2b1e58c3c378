package dev.starling.federation;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for tests that run a main class in a child JVM, as a crash or a signal needs. */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * This JVM's java, its flags (the surefire argLine, the one list of JVM flags; no debugger or
     * coverage agent twice, and {@code maxHeap} in place of its heap limit) and its class path,
     * running {@code main} with {@code args}.
     */
    static List<String> command(String maxHeap, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!flag.startsWith("-javaagent") && !flag.startsWith("-agentlib") && !flag.startsWith("-Xrunjdwp")
                    && !flag.startsWith("-Xmx")) {
                command.add(flag);
            }
        }
        command.addAll(List.of("-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
