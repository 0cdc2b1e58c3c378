/**
 * One shard's off-heap Chronicle Map stores and the flyweights over their entries (user records,
 * timeline windows, cells), with their layouts, their crash consistency and how other threads
 * may read them. Depends on Chronicle and Agrona only: nothing here knows rings or agents.
 */
package dev.starling.engine.store;
