package dev.starling.redis;

import dev.starling.api.Message;

/**
 * How a message is kept in its string key: {@code "<stamp> <sender> <text>"}. Senders
 * ({@code name@domain}) and stamps hold no space, so the text is everything after the second one.
 */
final class StoredMessages {

    private StoredMessages() {
    }

    static String encode(Message message) {
        return message.timestampMicros() + " " + message.sender() + " " + message.text();
    }

    /** The message of {@code id} from its stored form. */
    static Message decode(long id, String stored) {
        int first = stored.indexOf(' ');
        int second = stored.indexOf(' ', first + 1);
        return new Message(id, stored.substring(first + 1, second), stored.substring(second + 1),
                Long.parseLong(stored, 0, first, 10));
    }
}
