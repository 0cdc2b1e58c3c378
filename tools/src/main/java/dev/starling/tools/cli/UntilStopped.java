package dev.starling.tools.cli;

import java.util.concurrent.CountDownLatch;

/** A command that serves until SIGTERM or Ctrl-C: one ready line, then, on the signal, a clean close and one closed line. */
public final class UntilStopped {

    private UntilStopped() {
    }

    /**
     * Prints {@code ready}, waits for the JVM to be told to stop, then runs {@code close} (in the
     * shutdown hook, named {@code threadName}) and prints {@code closed}.
     *
     * @return 0, the exit code once closed
     */
    public static int run(String ready, Runnable close, String closed, String threadName) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close.run();
            System.out.println(closed);
            System.out.flush();
            stopped.countDown();
        }, threadName));
        System.out.println(ready);
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
