package dev.starling.engine;

import dev.starling.engine.store.TimelineWindow;

/**
 * A session's handle on its user's home timeline window: the user id, and a pinned view of the
 * window looked up on the first read and kept (the entry never moves while the stores are open).
 */
final class HomeWindow {

    final long userId;
    private volatile TimelineWindow window;

    HomeWindow(long userId) {
        this.userId = userId;
    }

    TimelineWindow get() {
        return window;
    }

    TimelineWindow set(TimelineWindow found) {
        window = found;
        return found;
    }
}
