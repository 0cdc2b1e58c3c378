package dev.starling.spi;

/**
 * How much one store of one shard holds.
 *
 * @param store       the store's name ({@code names}, {@code users}, {@code messages}, ...)
 * @param entries     entries held, over all generations
 * @param generations Chronicle Map generations it grew to (1 until it outgrew its first size)
 * @param bytes       off-heap bytes its generations use
 */
public record StoreUsage(String store, long entries, int generations, long bytes) {
}
