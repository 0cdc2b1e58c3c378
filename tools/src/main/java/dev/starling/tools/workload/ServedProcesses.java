package dev.starling.tools.workload;

import org.agrona.IoUtil;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Instances as separate processes on this host: one {@code starling serve} child JVM per domain,
 * on a fresh data directory and a free loopback port, each peered with all the others, as a
 * deployment on several hosts runs them (one command per host). A workload reaches them through
 * {@code connect} ({@link #endpoints()}). Closing stops every child with SIGTERM (each closes its
 * stores and links), waits, and removes the data directories; so does this JVM's exit.
 */
public final class ServedProcesses implements AutoCloseable {

    /** How long a child may take to print its ready line: JVM start, Aeron, stores (slow on a busy 2-core host). */
    private static final long READY_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(3);
    /** The heap of each child: the stores are off-heap. */
    private static final String CHILD_HEAP = "-Xmx768m";

    private final Path root;
    private final Map<String, String> endpoints = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Thread stopOnExit = new Thread(this::stop, "starling-stop-served-processes");

    private ServedProcesses(Path root) {
        this.root = root;
    }

    /**
     * Starts one serve process per domain and waits until each printed its ready line.
     *
     * @param domains  the instances, one process each
     * @param threads  engine threads of each process
     * @param shards   shards of each instance
     * @param out      where progress goes
     * @throws IllegalStateException when a child exits or is not ready in time (its log's last lines say why)
     */
    public static ServedProcesses start(List<String> domains, int threads, int shards, PrintStream out) {
        Path root;
        try {
            Path base = Capacity.temporaryRoot();
            Files.createDirectories(base);
            root = Files.createTempDirectory(base, "served-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the serve processes: " + e.getMessage(), e);
        }
        ServedProcesses served = new ServedProcesses(root);
        Runtime.getRuntime().addShutdownHook(served.stopOnExit);
        try {
            for (String domain : domains) {
                served.endpoints.put(domain, "127.0.0.1:" + freeUdpPort());
            }
            for (String domain : domains) {
                served.processes.add(served.launch(domain, threads, shards));
            }
            long started = System.nanoTime();
            for (int i = 0; i < domains.size(); i++) {
                served.awaitReady(domains.get(i), served.processes.get(i), started);
            }
            out.printf("  %d serve processes ready in %.1f s: %s%n", domains.size(), (System.nanoTime() - started) / 1e9,
                    served.endpoints);
            return served;
        } catch (RuntimeException e) {
            served.close();
            throw e;
        }
    }

    /** Domain to {@code host:port} of the process serving it, in the domains' order. */
    public Map<String, String> endpoints() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
    }

    /** The directory holding the processes' data directories and logs (removed on close). */
    @Override
    public String toString() {
        return root.toString();
    }

    private Process launch(String domain, int threads, int shards) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!argument.startsWith("-Xmx") && !argument.startsWith("-Xms") && !argument.startsWith("-agentlib")
                    && !argument.startsWith("-javaagent") && !argument.startsWith("-Xrunjdwp")) {
                command.add(argument);
            }
        }
        command.addAll(List.of(CHILD_HEAP, "-cp", System.getProperty("java.class.path"), "dev.starling.tools.StarlingCli",
                "serve", "--domain", domain, "--data", root.resolve(domain).toString(), "--listen", endpoints.get(domain),
                "--threads", Integer.toString(threads), "--shards", Integer.toString(shards)));
        endpoints.forEach((peer, endpoint) -> {
            if (!peer.equals(domain)) {
                command.addAll(List.of("--peer", peer + "=" + endpoint));
            }
        });
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(domain).toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the serve process of " + domain + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(String domain, Process process, long started) {
        Path log = log(domain);
        while (System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS)) {
            String text = read(log);
            if (text.lines().anyMatch(line -> line.startsWith("ready "))) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the serve process of " + domain + " exited with " + process.exitValue()
                        + ": " + tail(text));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + domain + " started", e);
            }
        }
        throw new IllegalStateException("the serve process of " + domain + " was not ready within "
                + READY_TIMEOUT_MS / 1000 + " s: " + tail(read(log)));
    }

    private Path log(String domain) {
        return root.resolve(domain + ".log");
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return lines.isEmpty() ? "(no output)" : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    /** A loopback UDP port free when asked (another process may take it before it is bound again). */
    public static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback UDP port: " + e.getMessage(), e);
        }
    }

    /** SIGTERM to every child, then waits for each (SIGKILL after 30 s), then removes the directories. */
    private synchronized void stop() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        processes.clear();
        IoUtil.delete(root.toFile(), true);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs
        }
    }
}
