package dev.starling.sampling.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProtocolConfigTest {

    @Test
    void shouldRejectBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> ProtocolConfig.builder().viewSize(1).build());
        assertThrows(IllegalArgumentException.class, () -> ProtocolConfig.builder().healing(-1).build());
        assertThrows(IllegalArgumentException.class, () -> ProtocolConfig.builder().swap(-1).build());
        assertThrows(IllegalArgumentException.class, () -> PeerSelection.parse("head"));
        assertThrows(IllegalArgumentException.class, () -> Propagation.parse("pull"));
    }

    @Test
    void shouldNameThePaperSettings() {
        ProtocolConfig healer = ProtocolConfig.named("healer", 30);
        assertEquals(15, healer.healing());
        assertEquals(0, healer.swap());
        ProtocolConfig swapper = ProtocolConfig.named("swapper", 30);
        assertEquals(0, swapper.healing());
        assertEquals(15, swapper.swap());
        assertEquals(15, swapper.bufferSize());
        assertEquals(3, ProtocolConfig.builder().viewSize(7).build().bufferSize());
        assertEquals(PeerSelection.TAIL, PeerSelection.parse("Tail"));
        assertEquals(Propagation.PUSH, Propagation.parse("push"));
    }
}
