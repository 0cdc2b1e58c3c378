package dev.starling.engine.store;

/**
 * What a shard's stores are sized for when first created. These are expectations, not limits:
 * each store grows past them by adding generations ({@link GrowingMap}), to the limit of the disk.
 *
 * @param usersPerShard       expected users held by one shard
 * @param messagesPerUser     expected messages per user
 * @param followsPerUser      expected follow edges per user
 * @param averageTextBytes    expected UTF-8 size of a message text
 */
public record StoreSizing(long usersPerShard, long messagesPerUser, long followsPerUser, int averageTextBytes) {

    public StoreSizing {
        if (usersPerShard < 1 || messagesPerUser < 1 || followsPerUser < 1 || averageTextBytes < 1) {
            throw new IllegalArgumentException("store sizing must be positive: " + usersPerShard + ", "
                    + messagesPerUser + ", " + followsPerUser + ", " + averageTextBytes);
        }
    }
}
