package dev.starling.federation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A served process for tests: {@link ServeMain} in a child JVM, its output collected, started until it says ready. */
final class Served implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    final String endpoint;

    /**
     * Starts {@code domain} on {@code data}, listening on {@code endpoint}, with {@code peers}
     * as {@code DOMAIN=HOST:PORT}; waits for its ready line.
     */
    Served(String domain, String data, String endpoint, String... peers) {
        this.endpoint = endpoint;
        List<String> args = new ArrayList<>(List.of(domain, data, endpoint));
        args.addAll(List.of(peers));
        try {
            process = new ProcessBuilder(ChildJvm.command("384m", ServeMain.class, args.toArray(String[]::new)))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "served-output-" + domain);
        reader.setDaemon(true);
        reader.start();
        awaitLine("ready", 120);
    }

    /** Waits for a line of output containing {@code text}; fails after {@code seconds}. */
    String awaitLine(String text, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (String seen : output) {
            if (seen.contains(text)) {
                return seen;
            }
        }
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    output.add(line);
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no '" + text + "' from the served process in " + seconds + " s; output: " + output);
    }

    /** Kills the process with SIGKILL and waits for it to end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops it with SIGTERM (a clean close) and returns its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    /** A UDP port free now on loopback. */
    static int freePort() {
        try (DatagramSocket socket = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
