package dev.starling.federation;

import dev.starling.api.Instance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

import java.time.Duration;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract suite against a served RING instance: vub.be served on a loopback UDP endpoint
 * ({@code listen}), and every call made through a deployment that {@code connect}s to it, with
 * its own Aeron media driver, as from another process.
 */
@Tag("slow")
class ServedContractTest extends ContractTest {

    private Deployment served;

    @Override
    protected Instance start(EngineKind kind) {
        assumeTrue(kind == EngineKind.RING, "one served engine: RING");
        String endpoint = "127.0.0.1:" + Served.freePort();
        served = Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(1).shardsPerInstance(4)
                .expectedLoad(2_000, 50, 20).listen(endpoint).start();
        deployment = Deployment.builder().connect("vub.be", endpoint).remoteTimeout(Duration.ofSeconds(20)).start();
        return deployment.instance("vub.be");
    }

    @Override
    @AfterEach
    void close() {
        super.close();
        if (served != null) {
            served.close();
            served = null;
        }
    }
}
