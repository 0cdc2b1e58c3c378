package dev.starling.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The push-to-home workers, after Mastodon's Sidekiq {@code FeedInsertWorker}s: a small pool of
 * threads that take fan-out and delivery jobs from one queue and write each job's feed entries in
 * one pipeline. Every worker has a connection of its own with automatic flushing off, so that a
 * job's commands reach the server in one write and their replies come back in one read.
 *
 * <p>The queue is unbounded: the instances bound what enters it, by counting each job against
 * their admission limit until it is done.
 */
final class FanOutWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FanOutWorkers.class);

    /** One unit of work: runs on a worker thread with that worker's pipeline. */
    interface Job {
        /** Writes the job's entries; may block on the pipeline's replies. */
        void run(Pipeline pipeline) throws Exception;

        /** Called once after {@link #run} returned or threw, or when the workers close before it ran. */
        void done(Throwable failure);
    }

    /** A worker's own connection, commands buffered until {@link #flushAndAwait}. */
    static final class Pipeline {
        private final StatefulRedisConnection<String, String> connection;
        private final Duration timeout;

        Pipeline(StatefulRedisConnection<String, String> connection, Duration timeout) {
            this.connection = connection;
            this.timeout = timeout;
            connection.setAutoFlushCommands(false);
        }

        /** The buffered command interface: nothing is sent before {@link #flushAndAwait}. */
        RedisAsyncCommands<String, String> commands() {
            return connection.async();
        }

        /**
         * Sends every buffered command and waits for the replies of {@code futures}.
         *
         * @throws TimeoutException when the replies take longer than the command timeout
         * @throws Exception        the first command's failure, as Redis reported it
         */
        void flushAndAwait(List<? extends Future<?>> futures) throws Exception {
            connection.flushCommands();
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<?> future : futures) {
                long left = deadline - System.nanoTime();
                future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            }
        }
    }

    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean closed;

    /** Starts {@code count} workers, each with its own connection from {@code client}. */
    FanOutWorkers(RedisClient client, int count, Duration commandTimeout) {
        for (int i = 0; i < count; i++) {
            StatefulRedisConnection<String, String> connection = client.connect();
            connections.add(connection);
            Pipeline pipeline = new Pipeline(connection, commandTimeout);
            Thread thread = new Thread(() -> loop(pipeline), "starling-redis-fanout-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** Queues a job; after {@link #close} the job is done at once with the closing failure. */
    void submit(Job job) {
        if (closed) {
            job.done(new IllegalStateException("the fan-out workers are closed"));
            return;
        }
        queue.add(job);
        if (closed && queue.remove(job)) {
            job.done(new IllegalStateException("the fan-out workers are closed"));
        }
    }

    /** Jobs queued or running. */
    int backlog() {
        return queue.size() + running.get();
    }

    /** Threads in the pool. */
    int threads() {
        return threads.size();
    }

    private void loop(Pipeline pipeline) {
        while (!closed) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            running.incrementAndGet();
            Throwable failure = null;
            try {
                job.run(pipeline);
            } catch (InterruptedException e) {
                failure = e;
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failure = t;
                if (!closed) {
                    LOG.warn("a fan-out job failed (the worker carries on)", t);
                }
            } finally {
                running.decrementAndGet();
            }
            job.done(failure);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** Stops the workers, closes their connections, and ends the jobs that never ran. */
    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Job job;
        while ((job = queue.poll()) != null) {
            job.done(new IllegalStateException("the fan-out workers are closed"));
        }
        connections.forEach(StatefulRedisConnection::close);
    }
}
