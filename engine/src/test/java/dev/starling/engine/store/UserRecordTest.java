package dev.starling.engine.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A user's record: each field kept as written, and as {@link UserRecord#init} starts it, every field the
 * new user's, whatever the bytes held before.
 */
class UserRecordTest {

    @Test
    void shouldStartEveryFieldAfreshOverAnotherUsersRecord() {
        UserRecord record = new UserRecord().init(1, "somebody-with-a-long-name");
        record.messageCount(9);
        record.lastStamp(123_456);
        record.followerShards(0b1010);
        record.remoteInstances(0b11);
        record.windowNumber(4);
        assertEquals(9, record.messageCount());
        assertEquals(123_456, record.lastStamp());
        assertEquals(0b1010, record.followerShards());
        assertEquals(0b11, record.remoteInstances());
        assertEquals(4, record.windowNumber());
        record.init(2, "bob");
        assertEquals(0, record.messageCount());
        assertEquals(0, record.lastStamp());
        assertEquals(0, record.followerShards());
        assertEquals(0, record.remoteInstances());
        assertEquals(0, record.windowNumber());
        assertEquals(2, record.userId());
        assertEquals("bob", record.name());
    }

    /** Room for 31 ASCII characters (the API allows 30): a longer name is refused, not cut. */
    @Test
    void shouldHoldNamesOfUpTo31Characters() {
        String longest = "n".repeat(31);
        assertEquals(longest, new UserRecord().init(3, longest).name());
        assertThrows(IllegalArgumentException.class, () -> new UserRecord().init(3, longest + "n"));
    }
}
