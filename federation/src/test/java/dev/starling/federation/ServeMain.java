package dev.starling.federation;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A served process for tests, as {@code ./starling serve} runs one: {@code DOMAIN DATA HOST:PORT
 * [PEER=HOST:PORT ...]}; one engine thread, two shards. Prints "ready" once it serves, and closes
 * on SIGTERM.
 */
public final class ServeMain {

    private ServeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Deployment.Builder builder = Deployment.builder().instances(args[0]).engine(EngineKind.RING).threads(1)
                .shardsPerInstance(2).expectedLoad(2_000, 50, 400).dataDirectory(Path.of(args[1])).listen(args[2])
                .remoteTimeout(java.time.Duration.ofSeconds(3));
        for (int i = 3; i < args.length; i++) {
            String[] peer = args[i].split("=", 2);
            builder.peer(peer[0], peer[1]);
        }
        Deployment deployment = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            deployment.close();
            stopped.countDown();
        }));
        System.out.println("ready " + args[0] + " on " + args[2]);
        System.out.flush();
        stopped.await();
    }
}
