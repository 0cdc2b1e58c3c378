package dev.starling.engine;

import dev.starling.api.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/** A test over one instance's shards without threads: a fresh {@link ShardFixture} per test, closed after it. */
abstract class ShardFixtureTest {

    @TempDir
    Path dir;
    ShardFixture f;
    private final int shards;

    ShardFixtureTest(int shards) {
        this.shards = shards;
    }

    @BeforeEach
    void open() {
        f = new ShardFixture(dir, shards);
    }

    @AfterEach
    void close() {
        f.close();
    }

    UserOperations.Account register(String name) {
        return f.register(name);
    }

    Message send(UserOperations.Account a, String text, long receivedMicros) {
        return f.send(a, text, receivedMicros);
    }

    List<Message> timeline(UserOperations.Account a) {
        return f.timeline(a.userId());
    }
}
