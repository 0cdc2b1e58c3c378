package dev.starling.redis;

import dev.starling.api.ErrorCode;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;
import dev.starling.engine.EngineSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The private server's lifecycle, and the engine on a server it did not start. */
class RedisServerTest {

    @Test
    void shouldStopTheServerAndRemoveItsDirectoryOnClose() {
        RedisServer server = RedisServer.start();
        Path directory = server.directory();
        ProcessHandle process = ProcessHandle.of(server.pid()).orElseThrow();
        assertEquals("PONG", ping(server.uri()));
        server.close();
        assertFalse(process.isAlive(), "redis-server is stopped");
        assertFalse(Files.exists(directory), "its directory is removed");
    }

    @Test
    void shouldSayHowToInstallRedisWhenTheBinaryIsMissing() {
        String before = System.getProperty(RedisServer.BINARY_PROPERTY);
        System.setProperty(RedisServer.BINARY_PROPERTY, "/nonexistent/redis-server");
        try {
            StarlingException e = assertThrows(StarlingException.class, RedisServer::start);
            assertEquals(ErrorCode.INTERNAL, e.code());
            assertTrue(e.getMessage().contains("apt-get install -y redis-server"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(RedisServer.BINARY_PROPERTY);
            } else {
                System.setProperty(RedisServer.BINARY_PROPERTY, before);
            }
        }
    }

    @Test
    void shouldUseARunningServerAndRemoveOnlyItsOwnKeysOnClose() {
        try (RedisServer server = RedisServer.start();
             RedisClient client = RedisClient.create(server.uri());
             StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().set("someone-else", "kept");
            try (RedisEngine engine = new RedisEngine(List.of("vub.be"), new EngineSettings(), server.uri())) {
                assertEquals(null, engine.server(), "no server of its own");
                Session alice = engine.instance("vub.be").registerUser("alice").join();
                Session bob = engine.instance("vub.be").registerUser("bob").join();
                bob.follow("alice").join();
                Message sent = alice.sendMessage("hello").join();
                assertTrue(engine.awaitQuiescent(Duration.ofSeconds(10)));
                assertEquals(List.of(sent), bob.timeline(10).join());
                assertTrue(connection.sync().dbsize() > 1);
            }
            assertEquals(List.of("someone-else"), connection.sync().keys("*"), "the deployment's keys are gone, no other");
        }
    }

    @Test
    void shouldRefuseAMalformedAddress() {
        StarlingException e = assertThrows(StarlingException.class,
                () -> new RedisEngine(List.of("vub.be"), new EngineSettings(), "localhost:6379"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }

    /** SIGTERM to a JVM running an engine: its shutdown hook stops the private server. */
    @Test
    void shouldStopTheServerWhenTheJvmIsTerminated() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldEngineOpen.class.getName())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
        String line;
        long pid = -1;
        String directory = null;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("redis ")) {
                String[] parts = line.split(" ");
                pid = Long.parseLong(parts[1]);
                directory = parts[2];
                break;
            }
        }
        assertTrue(pid > 0, "the child started an engine");
        ProcessHandle redis = ProcessHandle.of(pid).orElseThrow();
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(20, TimeUnit.SECONDS));
        redis.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(redis.isAlive(), "the private redis-server ended with the JVM");
        assertFalse(Files.exists(Path.of(directory)), "its directory is removed");
    }

    private static String ping(String uri) {
        try (RedisClient client = RedisClient.create(uri);
             StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().ping();
        }
    }
}
