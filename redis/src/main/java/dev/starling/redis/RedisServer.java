package dev.starling.redis;

import dev.starling.api.ErrorCode;
import dev.starling.api.StarlingException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} child process: started on a free loopback port with a temporary
 * directory and no persistence ({@code --save "" --appendonly no}), stopped and its directory
 * removed by {@link #close()}, or by a shutdown hook when the JVM ends first (normal exit,
 * SIGTERM, SIGINT). A JVM killed with SIGKILL leaves the child running: nothing can run then.
 *
 * <p>The binary is the {@code redis-server} on the {@code PATH} (Debian's package installs
 * {@code /usr/bin/redis-server}), or the one the system property {@code starling.redis.server}
 * names.
 */
public final class RedisServer implements AutoCloseable {

    /** The system property that names the {@code redis-server} binary to run. */
    public static final String BINARY_PROPERTY = "starling.redis.server";

    private static final long START_TIMEOUT_MS = 10_000;
    private static final int PORT_ATTEMPTS = 5;

    private final Process process;
    private final Path directory;
    private final int port;
    private final Thread shutdownHook;
    private boolean closed;

    private RedisServer(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.shutdownHook = new Thread(this::stop, "starling-redis-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a server and waits until it answers {@code PING}.
     *
     * @throws StarlingException {@code INTERNAL}, with what to do, when {@code redis-server} is not
     *                           installed or does not start within 10 s
     */
    public static RedisServer start() {
        String binary = binary();
        Path directory;
        try {
            directory = Files.createTempDirectory("starling-redis-");
        } catch (IOException e) {
            throw new StarlingException(ErrorCode.INTERNAL, "cannot create a directory for redis-server: " + e, e);
        }
        String failure = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            Process process;
            try {
                process = new ProcessBuilder(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--daemonize", "no",
                        "--protected-mode", "yes", "--logfile", directory.resolve("redis.log").toString()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                deleteTree(directory);
                throw new StarlingException(ErrorCode.INTERNAL, "cannot run " + binary + " (" + e.getMessage()
                        + "): install it (Debian: apt-get install -y redis-server) or give a running server's"
                        + " address with redisUri(\"redis://host:port\") / --redis-uri", e);
            }
            if (awaitPong(process, port)) {
                return new RedisServer(process, directory, port);
            }
            failure = lastLog(directory);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        deleteTree(directory);
        throw new StarlingException(ErrorCode.INTERNAL, "redis-server did not start on a loopback port: " + failure);
    }

    /** The address clients connect to: {@code redis://127.0.0.1:port}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    /** The server's temporary directory (removed on close). */
    public Path directory() {
        return directory;
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it stops the same server
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(directory);
    }

    private static String binary() {
        String named = System.getProperty(BINARY_PROPERTY);
        if (named != null && !named.isBlank()) {
            return named;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return "redis-server";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StarlingException(ErrorCode.INTERNAL, "no free loopback port for redis-server: " + e, e);
        }
    }

    /** True once the server answers PING on the port; false if it exits or 10 s pass first. */
    private static boolean awaitPong(Process process, int port) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (pong(port)) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static boolean pong(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static String lastLog(Path directory) {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("redis.log"));
            return lines.isEmpty() ? "no log" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "no log (" + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a file the server still writes is removed with the next attempt
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + uri() + ", pid " + process.pid() + "]";
    }
}
