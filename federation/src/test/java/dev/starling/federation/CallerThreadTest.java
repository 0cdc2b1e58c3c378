package dev.starling.federation;

import dev.starling.api.ErrorCode;
import dev.starling.api.Instance;
import dev.starling.api.Message;
import dev.starling.api.Session;
import dev.starling.api.StarlingException;
import dev.starling.engine.FaultInjector;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static dev.starling.federation.Api.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What RING does on the caller's thread: reads of timelines and local profiles always, and the
 * whole duty cycle of a shard whose engine thread is idle. A caller must then get its answer
 * before the call returns, and closing the deployment under callers that are reading or running a
 * shard must fail them with {@code CLOSED}, never unmap stores they still use (which would crash
 * the JVM).
 */
class CallerThreadTest {

    @Test
    void shouldAnswerOnTheCallersThreadWhileTheEngineIsIdle() throws Exception {
        try (Deployment d = Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(2)
                .shardsPerInstance(2).start()) {
            Instance vub = d.instance("vub.be");
            Session alice = await(vub.registerUser("alice"));
            Session bob = await(vub.registerUser("bob"));
            await(bob.follow("alice"));
            assertTrue(d.awaitQuiescent(Duration.ofSeconds(5)));
            int answeredBeforeReturn = 0;
            int sends = 20;
            for (int i = 0; i < sends; i++) {
                Thread.sleep(5); // long enough for the engine threads to find no work and idle
                CompletableFuture<Message> sent = alice.sendMessage("m" + i);
                if (sent.isDone()) {
                    answeredBeforeReturn++;
                }
                await(sent);
                assertTrue(bob.timeline(1).isDone(), "a timeline read is always answered on the caller's thread");
                assertTrue(alice.profile("alice", 1).isDone(), "so is a local profile read");
            }
            // A duty cycle of the idle engine thread can hold the shard at the very moment a caller
            // tries (its park times out every millisecond): then the engine thread answers.
            assertTrue(answeredBeforeReturn >= sends * 3 / 4,
                    answeredBeforeReturn + " of " + sends + " sends on an idle engine were answered before the call returned");
            assertTrue(d.awaitQuiescent(Duration.ofSeconds(5)));
            assertEquals(sends, await(bob.timeline(100)).size());
        }
    }

    /**
     * Readers slowed down inside the guarded region (200 ms each, in a child JVM) while the
     * deployment closes: the stores must stay mapped until the last of them is out.
     */
    @Test
    void shouldNotUnmapTheStoresUnderACallersRead() throws Exception {
        List<String> command = ChildJvm.command("256m", CloseUnderCallersMain.class);
        command.add(1, "-D" + FaultInjector.SLOWDOWN_PROPERTY + "=200000000");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), "the child closed under its readers and survived:\n" + output);
        assertTrue(output.contains("SURVIVED " + CloseUnderCallersMain.READERS), output);
    }

    @Test
    void shouldFailCallersWithClosedAndKeepTheJvmAliveWhenClosedUnderThem() throws Exception {
        int callers = 4;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> unexpected = new ArrayList<>();
        AtomicLong answered = new AtomicLong();
        AtomicLong closed = new AtomicLong();
        CountDownLatch started = new CountDownLatch(callers);
        Deployment d = Deployment.builder().instances("vub.be").engine(EngineKind.RING).threads(1)
                .shardsPerInstance(2).start();
        try {
            Instance vub = d.instance("vub.be");
            List<Session> users = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                users.add(await(vub.registerUser("u" + i)));
            }
            for (int i = 0; i < callers; i++) {
                await(users.get(i).follow("u" + ((i + 1) % callers)));
            }
            for (int i = 0; i < callers; i++) {
                Session me = users.get(i);
                String other = "u" + ((i + 1) % callers);
                Thread t = new Thread(() -> {
                    started.countDown();
                    for (int n = 0; ; n++) {
                        CompletableFuture<?> f = switch (n % 3) {
                            case 0 -> me.timeline(50);
                            case 1 -> me.profile(other, 50);
                            default -> me.sendMessage("n" + n);
                        };
                        try {
                            f.join();
                            answered.incrementAndGet();
                        } catch (CompletionException e) {
                            if (e.getCause() instanceof StarlingException s && s.code() == ErrorCode.CLOSED) {
                                closed.incrementAndGet();
                                return;
                            }
                            if (!(e.getCause() instanceof StarlingException s && s.code() == ErrorCode.OVERLOADED)) {
                                synchronized (unexpected) {
                                    unexpected.add(e.getCause());
                                }
                                return;
                            }
                        }
                    }
                }, "caller-" + i);
                threads.add(t);
                t.start();
            }
            started.await();
            Thread.sleep(200);
        } finally {
            d.close();
        }
        for (Thread t : threads) {
            t.join(10_000);
            assertTrue(!t.isAlive(), t.getName() + " got CLOSED and stopped");
        }
        assertEquals(List.of(), unexpected);
        assertEquals(callers, closed.get(), "every caller was told CLOSED");
        assertTrue(answered.get() > 0);
    }
}
