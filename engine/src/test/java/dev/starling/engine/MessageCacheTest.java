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
    void shouldRoundItsCapacityUpToAPowerOfTwoOfAtLeastFour() {
        assertEquals(4, new MessageCache(0).capacity());
        assertEquals(4, new MessageCache(2).capacity());
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
    void shouldKeepFourMessagesThatShareASetAndNeverAnswerWithTheWrongOne() {
        MessageCache cache = new MessageCache(4); // one set: every id competes for it
        for (long id = 0; id < 4; id++) {
            cache.put(message(id));
        }
        for (long id = 0; id < 4; id++) {
            assertEquals(id, cache.get(id).id());
        }
        cache.put(message(4)); // replaces one of them
        assertEquals(4L, cache.get(4).id());
        int kept = 0;
        for (long id = 0; id < 4; id++) {
            Message m = cache.get(id);
            if (m != null) {
                assertEquals(id, m.id());
                kept++;
            }
        }
        assertEquals(3, kept, "one of the first four was replaced");
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
