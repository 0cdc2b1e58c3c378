package dev.starling.spi;

import dev.starling.api.Message;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one order of timelines and profiles on every engine: newest {@code timestampMicros} first,
 * ties broken by higher {@code id} first. Stamps are unique per sender only (and per instance),
 * so messages of different senders or instances can tie; ids are unique among the messages one
 * session can see, so the order is total and a message is a cursor that pages through every
 * entry exactly once.
 */
public final class Paging {

    /** Newest stamp first, ties by higher id first. */
    public static final Comparator<Message> NEWEST_FIRST =
            Comparator.comparingLong(Message::timestampMicros).thenComparingLong(Message::id).reversed();

    private Paging() {
    }

    /** True when {@code m} comes after the cursor ({@code stamp}, {@code id}) in {@link #NEWEST_FIRST}. */
    public static boolean isAfter(Message m, long stamp, long id) {
        return m.timestampMicros() < stamp || (m.timestampMicros() == stamp && m.id() < id);
    }

    /** The entries of a page (in order) after the cursor, at most {@code limit}. */
    public static List<Message> after(List<Message> page, long stamp, long id, int limit) {
        List<Message> result = new ArrayList<>(Math.min(limit, page.size()));
        for (Message m : page) {
            if (result.size() == limit) {
                break;
            }
            if (isAfter(m, stamp, id)) {
                result.add(m);
            }
        }
        return result;
    }
}
