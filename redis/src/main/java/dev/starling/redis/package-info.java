/**
 * The REDIS engine: Mastodon's home-feed design on a real Redis server, as a peer to compare the
 * RING engine with. Home feeds are sorted sets of message ids scored by stamp, trimmed to RING's
 * window; messages are stored once by id; fan-out on write by a small pool of workers with
 * pipelined commands; reads are a reverse range by score and one multi-get. Depends on
 * {@code dev.starling.api}, {@code dev.starling.spi} (the API's rules, metrics shapes), the
 * engine's settings and {@code dev.starling.runtime}, and on Lettuce; never on RING's shards,
 * rings or stores.
 */
package dev.starling.redis;
