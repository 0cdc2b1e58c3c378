package dev.starling.engine;

import dev.starling.api.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCacheTest {

    private static Message message(long id) {
        return new Message(id, "alice@vub.be", "text " + id, 1_000 + id);
    }

    @Test
    void shouldRoundItsCapacityUpToAPowerOfTwoOfAtLeastTwo() {
        assertEquals(2, new MessageCache(0).capacity());
        assertEquals(2, new MessageCache(2).capacity());
        assertEquals(8, new MessageCache(5).capacity());
        assertEquals(1 << 18, new MessageCache(1 << 18).capacity());
    }

    @Test
    void shouldReturnWhatWasPutAndNothingForAnotherId() {
        MessageCache cache = new MessageCache(1 << 10);
        Message m = message(42);
        cache.put(m);
        assertSame(m, cache.get(42));
        assertNull(cache.get(43));
    }

    @Test
    void shouldKeepTwoMessagesThatShareAPairAndNeverAnswerWithTheWrongOne() {
        MessageCache cache = new MessageCache(2); // one pair: every id competes for it
        Message a = message(1);
        Message b = message(2);
        cache.put(a);
        cache.put(b);
        assertSame(a, cache.get(1));
        assertSame(b, cache.get(2));
        cache.put(message(3)); // replaces one of them
        assertSame(3L, cache.get(3).id());
        int kept = (cache.get(1) == null ? 0 : 1) + (cache.get(2) == null ? 0 : 1);
        assertEquals(1, kept, "one of the first two was replaced");
    }

    @Test
    void shouldNeverHandAReaderAMessageOfAnotherIdWhileWritersReplaceSlots() throws Exception {
        MessageCache cache = new MessageCache(64);
        AtomicBoolean stop = new AtomicBoolean();
        List<String> wrong = new ArrayList<>();
        Thread writer = new Thread(() -> {
            for (long i = 0; !stop.get(); i = (i + 1) % 10_000) {
                cache.put(message(i));
            }
        });
        writer.start();
        long hits = 0;
        for (int round = 0; round < 2_000_000 && wrong.isEmpty(); round++) {
            long id = round % 10_000;
            Message m = cache.get(id);
            if (m != null) {
                hits++;
                if (m.id() != id || !m.text().equals("text " + id)) {
                    wrong.add("asked " + id + ", got " + m);
                }
            }
        }
        stop.set(true);
        writer.join();
        assertEquals(List.of(), wrong);
        assertTrue(hits > 0);
    }
}
