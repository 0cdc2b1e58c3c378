package dev.starling.spi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BroadcastSpreadTest {

    private static final long NONE = BroadcastSpread.NONE;

    @Test
    void shouldKeepTheEarliestFirstAndTheLatestLastOfEachSide() {
        BroadcastSpread sender = new BroadcastSpread(7, 1_000, 1_010, 1_030, NONE, 0);
        BroadcastSpread other1 = new BroadcastSpread(7, 1_000, NONE, 0, 1_200, 1_250);
        BroadcastSpread other2 = new BroadcastSpread(7, 1_000, NONE, 0, 1_100, 1_400);
        BroadcastSpread all = sender.merge(other1).merge(other2);
        assertEquals(new BroadcastSpread(7, 1_000, 1_010, 1_030, 1_100, 1_400), all);
        assertEquals(all, other2.merge(other1).merge(sender), "the order of the parts does not matter");
        assertThrows(IllegalArgumentException.class, () -> sender.merge(new BroadcastSpread(8, 1_000, NONE, 0, NONE, 0)));
    }

    @Test
    void shouldCountOnlyTheSidesThatWereReached() {
        BroadcastLatency b = BroadcastLatency.of(List.of(new BroadcastSpread(1, 1_000, 1_010, 1_030, NONE, 0),
                new BroadcastSpread(2, 2_000, 2_005, 2_005, 2_100, 2_400)));
        assertEquals(2, b.sampledMessages());
        assertEquals(2, b.firstSameInstance().getTotalCount());
        assertEquals(1, b.firstOtherInstance().getTotalCount());
        assertEquals(400, b.lastOtherInstance().getMaxValue(), 1);
        assertEquals(30, b.lastSameInstance().getMaxValue(), 1);
        assertEquals(5, b.firstSameInstance().getMinValue(), 1);
    }
}
