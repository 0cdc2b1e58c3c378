package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import static dev.starling.federation.Api.await;

/**
 * The child process of {@link CallerThreadTest}: run with {@code -Dstarling.fault.slowdownNanos}
 * set, so every read spins inside the engine's guarded region on the caller's thread, it closes a
 * RING deployment while two callers are reading. Prints {@code SURVIVED} and exits 0 when every
 * caller was told {@code CLOSED}; a store unmapped under a reader crashes the JVM instead.
 */
public final class CloseUnderCallersMain {

    static final int READERS = 2;

    public static void main(String[] args) throws Exception {
        Deployment d = Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(1)
                .shardsPerInstance(2).expectedLoad(100, 10, 5).start();
        Instance vub = d.instance("vub.be");
        List<Session> users = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            users.add(await(vub.registerUser("u" + i)));
        }
        for (int i = 0; i < READERS; i++) {
            await(users.get(i).follow("u" + ((i + 1) % READERS)));
            await(users.get(i).sendMessage("hello from u" + i));
        }
        AtomicLong closed = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            Session me = users.get(i);
            Thread t = new Thread(() -> {
                for (int n = 0; ; n++) {
                    try {
                        (n % 2 == 0 ? me.timeline(50) : me.profile("u0", 50)).join();
                    } catch (CompletionException e) {
                        if (e.getCause() instanceof StarlingException s && s.code() == ErrorCode.CLOSED) {
                            closed.incrementAndGet();
                            return;
                        }
                        throw e;
                    }
                }
            }, "reader-" + i);
            readers.add(t);
            t.start();
        }
        Thread.sleep(300);
        d.close(); // readers are inside their reads: each spins for the slowdown first
        for (Thread t : readers) {
            t.join();
        }
        System.out.println("SURVIVED " + closed.get());
    }
}
