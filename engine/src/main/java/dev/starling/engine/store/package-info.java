/**
 * One shard's off-heap Chronicle Map stores, which grow with their data by generations, and the
 * flyweights over their entries (user records, timeline windows, cells), with their layouts,
 * their crash consistency and how other threads may read them; and the instance's stamp clock,
 * whose high-water mark they keep. Depends on Chronicle, Agrona and the API's error type
 * ({@code STORAGE_FULL}) only: nothing here knows rings or agents.
 */
package dev.starling.engine.store;
