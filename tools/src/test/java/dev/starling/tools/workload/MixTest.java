package dev.starling.tools.workload;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MixTest {

    @Test
    void shouldParseTimelineProfileSendWeights() {
        assertEquals(new Mix(60, 30, 10), Mix.parse("60:30:10"));
        assertEquals(new Mix(1, 0, 2), Mix.parse(" 1 : 0 : 2 "));
        assertEquals("60:30:10", Mix.parse("60:30:10").toString());
    }

    @Test
    void shouldRejectWhatIsNotThreeNonNegativeIntegers() {
        for (String bad : new String[] {"60:40", "1:2:3:4", "a:b:c", "0:0:0", "-1:2:3", "", "1.5:1:1"}) {
            assertThrows(IllegalArgumentException.class, () -> Mix.parse(bad), bad);
        }
    }

    @Test
    void shouldListOnlyTheOperationsItIssues() {
        assertEquals(Set.of(Operation.TIMELINE), Mix.parse("100:0:0").operations());
        assertEquals(Set.of(Operation.PROFILE, Operation.SEND), Mix.parse("0:1:1").operations());
    }

    @Test
    void shouldPickOperationsInProportionToTheirWeights() {
        Mix mix = Mix.parse("60:30:10");
        SplittableRandom random = new SplittableRandom(1);
        Map<Operation, Integer> counts = new EnumMap<>(Operation.class);
        int picks = 100_000;
        for (int i = 0; i < picks; i++) {
            counts.merge(mix.pick(random), 1, Integer::sum);
        }
        assertEquals(0.6, counts.get(Operation.TIMELINE) / (double) picks, 0.01);
        assertEquals(0.3, counts.get(Operation.PROFILE) / (double) picks, 0.01);
        assertEquals(0.1, counts.get(Operation.SEND) / (double) picks, 0.01);
    }
}
