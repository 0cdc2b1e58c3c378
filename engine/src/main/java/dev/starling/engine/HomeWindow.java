package dev.starling.engine;

import dev.starling.engine.store.TimelineWindow;
import dev.starling.engine.store.UserRecord;

/**
 * A session's handle on its user's home timeline window, for reads on the caller's thread: the
 * user id, a pinned view of the user's record, and the window last looked up with its number.
 * The window is used only while the record still names its number (see {@link HomeTimelines}:
 * its shard replaces a window that fills, and frees the old one once no reader is inside), and
 * only by a caller counted inside the instance's stores.
 */
final class HomeWindow {

    final long userId;
    private volatile Current current;

    private record Current(UserRecord user, long number, TimelineWindow window) {
    }

    HomeWindow(long userId) {
        this.userId = userId;
    }

    /** The user's current window, looked up again when its shard replaced the one kept. */
    TimelineWindow get(StoreReader reader) {
        Current kept = current;
        UserRecord user = kept != null ? kept.user : reader.userRecord(userId);
        long number = user.windowNumber();
        if (kept == null || kept.number != number) {
            kept = new Current(user, number, reader.window(userId, number));
            current = kept;
        }
        return kept.window;
    }
}
