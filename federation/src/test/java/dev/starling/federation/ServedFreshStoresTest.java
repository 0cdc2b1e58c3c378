package dev.starling.federation;

import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.engine.EngineSettings;
import dev.starling.engine.store.Ids;
import dev.starling.federation.remote.ServedEngine;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.starling.federation.Api.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A served instance restarted on fresh stores numbers its deliveries from 1 again: the receiving
 * instance, which applied higher numbers of the same stream before, takes them as a new epoch of
 * the stream, not as copies. (Without the epoch in the frame, every delivery up to the old
 * number is dropped.)
 */
@Tag("slow")
class ServedFreshStoresTest {

    private static final Duration QUIET = Duration.ofSeconds(30);
    private static final int SHARDS = 2;

    @TempDir
    Path dir;
    private final List<ServedEngine> served = new ArrayList<>();

    @AfterEach
    void closeAll() {
        served.forEach(ServedEngine::close);
    }

    @Test
    void shouldApplyTheDeliveriesOfASenderRestartedOnFreshStores() {
        String vubAt = "127.0.0.1:" + Served.freePort();
        String ulbAt = "127.0.0.1:" + Served.freePort();
        ServedEngine vub = serve("vub.be", vubAt, "ulb.be", ulbAt);
        ServedEngine ulb = serve("ulb.be", ulbAt, "vub.be", vubAt);
        Session alice = await(vub.instance("vub.be").registerUser("alice"));
        Session follower = await(ulb.instance("ulb.be").registerUser("follower"));
        await(follower.follow("alice@vub.be"));
        for (int i = 0; i < 6; i++) {
            await(alice.sendMessage("old " + i));
        }
        assertTrue(vub.awaitQuiescent(QUIET) && ulb.awaitQuiescent(QUIET));
        assertEquals(6, await(follower.timeline(100)).size());

        vub.close();
        served.remove(vub);
        IoUtil.delete(dir.resolve("vub.be").toFile(), false);
        vub = serve("vub.be", vubAt, "ulb.be", ulbAt);
        // alice again takes her old id; bob, in her shard, an id ulb.be never saw: his deliveries
        // go out on the stream alice's did, numbered from 1 in the fresh journal's epoch
        await(vub.instance("vub.be").registerUser("alice"));
        String bobName = nameInShardOf("alice");
        Session bob = await(vub.instance("vub.be").registerUser(bobName));
        Session reader = await(ulb.instance("ulb.be").registerUser("reader"));
        await(reader.follow(bobName + "@vub.be"));
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(0, await(bob.sendMessage("new " + i)));
        }
        assertTrue(vub.awaitQuiescent(QUIET) && ulb.awaitQuiescent(QUIET));
        assertEquals(sent, await(reader.timeline(100)), "bob's messages, numbered afresh, all applied");
    }

    private static String nameInShardOf(String name) {
        for (int i = 0; ; i++) {
            String candidate = "bob" + i;
            if (Ids.shardOfName(candidate, SHARDS) == Ids.shardOfName(name, SHARDS)) {
                return candidate;
            }
        }
    }

    private ServedEngine serve(String domain, String at, String peer, String peerAt) {
        EngineSettings settings = new EngineSettings().threads(1).shardsPerInstance(SHARDS).expectedLoad(100, 20, 10)
                .dataDirectory(dir.resolve(domain));
        ServedEngine engine = ServedEngine.start(List.of(domain), settings, at, Map.of(peer, peerAt), null);
        served.add(engine);
        return engine;
    }
}
