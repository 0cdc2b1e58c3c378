package dev.starling.federation;

import dev.starling.api.Instance;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.starling.federation.Api.await;

/**
 * The child process of {@link TerminationTest}: starts a RING deployment (on the data directory
 * given as the only argument, or on a temporary one), registers a few users who follow each other,
 * prints {@code READY <data directory>} and keeps sending and reading until it is terminated,
 * without closing anything itself: termination finds the engine threads busy.
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
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            await(vub.registerUser("user" + i));
            Session session = await(vub.logIn("user" + i));
            await(session.follow("alice@vub.be"));
            sessions.add(session);
        }
        Session alice = await(vub.logIn("alice"));
        System.out.println("READY " + deployment.dataDirectory());
        System.out.flush();
        for (long n = 0; ; n++) {
            try {
                alice.sendMessage("message " + n);
                sessions.get((int) (n % sessions.size())).timeline(50);
            } catch (StarlingException refused) {
                Thread.onSpinWait(); // OVERLOADED, or refused once the engine is closing
            }
        }
    }
}
