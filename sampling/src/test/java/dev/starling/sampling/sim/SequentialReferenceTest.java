package dev.starling.sampling.sim;

import dev.starling.sampling.protocol.ProtocolConfig;
import dev.starling.sampling.protocol.View;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The simulator's fast paths (flat runs, stream states beside the views, reads ahead with picks that are not saved,
 * rounds on two threads) against a plain sequential run of the default model written from its definition: a
 * {@link View} object per peer, one exchange after the other. Every view must be the same, entry by entry, ages
 * included.
 */
class SequentialReferenceTest {

    @ParameterizedTest
    @CsvSource({"healer, 1", "healer, 2", "swapper, 1", "blind, 2"})
    void shouldLeaveEveryViewAsAPlainSequentialRunDoes(String setting, int threads) {
        int n = 300;
        int cycles = 12;
        ProtocolConfig protocol = ProtocolConfig.named(setting, 30);
        SimulationConfig config = SimulationConfig.builder().nodes(n).protocol(protocol).cycles(cycles).seed(7)
                .threads(threads).build();
        View[] expected = reference(config);
        try (CycleSimulator sim = new CycleSimulator(config)) {
            for (int k = 0; k < cycles; k++) {
                sim.runCycle();
            }
            for (int p = 0; p < n; p++) {
                assertEquals(expected[p].toString(), sim.view(p).toString(), "view of peer " + p);
            }
        }
    }

    /** Random first views, then per cycle a shuffled order and one pushpull exchange per peer (the paper's model). */
    private static View[] reference(SimulationConfig config) {
        int n = config.nodes();
        ProtocolConfig protocol = config.protocol();
        int c = protocol.viewSize();
        SplittableRandom rng = new SplittableRandom(config.seed());
        long[] states = PeerRandom.seed(config.seed(), n);
        PeerRandom rp = new PeerRandom(states, 1);
        PeerRandom rq = new PeerRandom(states, 1);
        View[] views = new View[n];
        for (int p = 0; p < n; p++) {
            views[p] = new View(protocol.viewCapacity());
            while (views[p].size() < Math.min(c, n - 1)) {
                int q = rng.nextInt(n);
                if (q != p && !views[p].contains(q)) {
                    views[p].add(q, 0);
                }
            }
        }
        View sent = new View(protocol.bufferSize());
        View answered = new View(protocol.bufferSize());
        int[] order = new int[n];
        for (int k = 0; k < config.cycles(); k++) {
            for (int p = 0; p < n; p++) {
                order[p] = p;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int p : order) {
                View active = views[p];
                rp.at(p);
                int q = active.selectPartner(protocol.selection(), rp);
                active.buildBuffer(p, protocol, rp, sent);
                View passive = views[q];
                rq.at(q);
                passive.buildBuffer(q, protocol, rq, answered);
                passive.merge(q, protocol, sent, rq);
                passive.incrementAges();
                active.merge(p, protocol, answered, rp);
                active.incrementAges();
                rq.save();
                rp.save();
            }
        }
        return views;
    }
}
