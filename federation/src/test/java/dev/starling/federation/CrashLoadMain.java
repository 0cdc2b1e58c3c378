package dev.starling.federation;

import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.engine.FaultInjector;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link CrashSafetyTest}: opens a RING deployment on a data directory and
 * loads it from several client threads until it is killed, writing one line per acknowledged
 * request to a file. A line is written only after its request was acknowledged, with one
 * unbuffered write, so every complete line names something the engine has acknowledged.
 *
 * <p>Lines, tab-separated: {@code U name}, {@code F follower followed},
 * {@code M sender id stamp text}.
 *
 * <p>After a given number of its own acknowledgements the child stops its shards from applying
 * each other's hand-overs (follower-shard bits, backfills, fan-outs), so that the kill strands
 * the hand-overs of every follow and message acknowledged since: only the crash repair can
 * restore them.
 *
 * <p>Arguments: data directory, acknowledgement file, user name prefix, client threads,
 * acknowledgements before the hand-overs stop.
 */
public final class CrashLoadMain {

    static final int MESSAGES_PER_USER = 8;
    static final int FOLLOWS_PER_USER = 3;

    private final OutputStream acks;
    private final List<String> users = new CopyOnWriteArrayList<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final FaultInjector injector;
    private final long stallAfter;

    private CrashLoadMain(OutputStream acks, FaultInjector injector, long stallAfter) {
        this.acks = acks;
        this.injector = injector;
        this.stallAfter = stallAfter;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String prefix = args[2];
        int clients = Integer.parseInt(args[3]);
        long stallAfter = Long.parseLong(args[4]);
        FaultInjector injector = new FaultInjector();
        try (OutputStream out = new FileOutputStream(args[1], true);
             Deployment d = CrashSafetyTest.open(dir, injector)) {
            CrashLoadMain load = new CrashLoadMain(out, injector, stallAfter);
            Instance vub = d.instance("vub.be");
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                Thread thread = new Thread(() -> load.client(vub, prefix + client + "_", client), "client-" + c);
                threads.add(thread);
            }
            System.out.println("READY");
            System.out.flush();
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    /** Registers users one after another; each follows a few known users and sends a few messages. */
    private void client(Instance vub, String prefix, int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try {
            for (int i = 0; ; i++) {
                Session s = Api.await(vub.registerUser(prefix + i));
                ack("U\t" + s.user());
                users.add(s.user());
                for (int f = 0; f < FOLLOWS_PER_USER && users.size() > 1; f++) {
                    String followed = users.get(random.nextInt(users.size()));
                    if (!followed.equals(s.user())) {
                        Api.await(s.follow(followed));
                        ack("F\t" + s.user() + "\t" + followed);
                    }
                }
                List<CompletableFuture<Message>> sends = new ArrayList<>();
                for (int m = 0; m < MESSAGES_PER_USER; m++) {
                    sends.add(s.sendMessage(text(s.user(), m)));
                }
                for (CompletableFuture<Message> send : sends) {
                    Message m = Api.await(send);
                    ack("M\t" + m.sender() + "\t" + m.id() + "\t" + m.timestampMicros() + "\t" + m.text());
                }
            }
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(2); // the parent expects to kill a working process, not to find it dead
        }
    }

    static String text(String sender, int number) {
        return "message " + number + " of " + sender + " \u2713 \uD83D\uDE00";
    }

    private void ack(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (acks) {
            acks.write(bytes); // one write(2) per line: in the page cache before the next request starts
        }
        if (acknowledged.incrementAndGet() == stallAfter) {
            injector.suspendHandOvers("vub.be", true);
        }
    }
}
