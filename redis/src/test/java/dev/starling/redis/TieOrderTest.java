package dev.starling.redis;

import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.engine.EngineSettings;
import dev.starling.spi.Paging;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Entries with the same stamp come out by higher id first, also when the ids have different
 * numbers of digits (Redis orders equal scores by their members' bytes, so members must sort as
 * the ids do).
 */
class TieOrderTest {

    private static final long T = 1_700_000_000_000_000L;

    @Test
    void shouldListEqualStampsByHigherIdFirstWhateverTheirDigits() {
        AtomicLong now = new AtomicLong(T);
        EngineSettings settings = new EngineSettings().clock(now::get);
        try (RedisEngine engine = new RedisEngine(List.of("vub.be", "ulb.be"), settings, null)) {
            Session alice = engine.instance("vub.be").registerUser("alice").join();
            Session bob = engine.instance("ulb.be").registerUser("bob").join();
            Session carol = engine.instance("vub.be").registerUser("carol").join();
            carol.follow("alice").join();
            carol.follow("bob@ulb.be").join();
            List<Message> sent = new ArrayList<>();
            for (int i = 0; i < 16; i++) { // stamps T .. T + 15 on vub.be, ids of 2 to 4 digits
                sent.add(alice.sendMessage("a" + i).join());
            }
            now.set(T + 15);
            Message tie = bob.sendMessage("b").join(); // stamp T + 15 on ulb.be: a tie with alice's last
            sent.add(tie);
            assertEquals(sent.get(15).timestampMicros(), tie.timestampMicros(), "the two stamps tie");
            assertTrue(Long.toString(tie.id()).length() < Long.toString(sent.get(15).id()).length(), "ids of different lengths");
            assertTrue(engine.awaitQuiescent(Duration.ofSeconds(10)));

            List<Message> expected = new ArrayList<>(sent);
            expected.sort(Paging.NEWEST_FIRST);
            assertEquals(expected, carol.timeline(100).join());
            assertEquals(expected.subList(1, expected.size()), carol.timeline(100, expected.get(0)).join(),
                    "paging from the tie's first entry");
        }
    }
}
