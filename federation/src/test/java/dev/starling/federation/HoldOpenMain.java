package dev.starling.federation;

import dev.starling.api.Instance;

import java.nio.file.Path;

import static dev.starling.federation.Api.await;

/**
 * The child process of {@link TerminationTest}: starts a RING deployment (on the data directory
 * given as the only argument, or on a temporary one), registers a user, prints
 * {@code READY <data directory>} and waits to be terminated without closing anything itself.
 */
public final class HoldOpenMain {

    public static void main(String[] args) throws Exception {
        Deployment.Builder builder = Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(1)
                .shardsPerInstance(2).expectedLoad(100, 10, 5);
        if (args.length > 0) {
            builder.dataDirectory(Path.of(args[0]));
        }
        Deployment deployment = builder.start();
        Instance vub = deployment.instance("vub.be");
        await(vub.registerUser("alice"));
        System.out.println("READY " + deployment.dataDirectory());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
