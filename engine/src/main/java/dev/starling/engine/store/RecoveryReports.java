package dev.starling.engine.store;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.hash.ChronicleHashCorruption;

import java.util.List;

/**
 * Sorts what Chronicle Map's recovery reports while it reopens one shard's stores left open by a
 * killed process.
 *
 * <p>A process killed inside a map operation leaves that segment's bookkeeping behind its
 * entries: the segment lock still held, the tier's entry counter and lowest-free-chunk hint not
 * yet updated. Recovery recomputes these from the entries it finds intact; nothing is dropped,
 * so they are counted and summarised once per shard as a warning. Every other report means
 * recovery found an entry it could not trust (out of range, overlapping, a duplicate key, a bad
 * size) and dropped it: that is damage, and is reported as an error with Chronicle's own message.
 */
final class RecoveryReports implements ChronicleHashCorruption.Listener {

    /** Message openings of the reports that only recompute bookkeeping from intact entries. */
    private static final List<String> BOOKKEEPING = List.of(
            "lock of segment ",
            "global mutable state lock of map at ",
            "Wrong number of entries counter for tier ",
            "wrong lowest free chunk for tier ");

    private final String shard;
    private String store = "";
    private int repairs;
    private int damaged;

    RecoveryReports(String shard) {
        this.shard = shard;
    }

    /** Names the store whose recovery the next reports come from. */
    void reopening(String storeName) {
        this.store = storeName;
    }

    /** True when {@code message} is a recomputation of bookkeeping, not a dropped entry. */
    static boolean isBookkeeping(String message) {
        return message != null && BOOKKEEPING.stream().anyMatch(message::startsWith);
    }

    @Override
    public void onCorruption(ChronicleHashCorruption corruption) {
        String message = corruption.message();
        if (corruption.exception() == null && isBookkeeping(message)) {
            repairs++;
            Jvm.debug().on(RecoveryReports.class, shard + "/" + store + ": " + message);
        } else {
            damaged++;
            Jvm.error().on(RecoveryReports.class, shard + "/" + store + ": recovery dropped an entry it could not trust: "
                    + message, corruption.exception());
        }
    }

    int repairs() {
        return repairs;
    }

    int damaged() {
        return damaged;
    }

    /** One line for the whole shard, once all its stores are reopened. */
    void summarise() {
        Jvm.warn().on(RecoveryReports.class, shard + ": reopened after an unclean stop; recovery reset " + repairs
                + " segment locks and counters, and dropped " + damaged + " damaged entries");
    }
}
