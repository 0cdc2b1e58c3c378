package dev.starling.redis;

import dev.starling.engine.EngineSettings;

import java.util.List;

/** A child JVM for {@link RedisServerTest}: starts an engine, prints its server's pid and directory, waits to be terminated. */
public final class HoldEngineOpen {

    private HoldEngineOpen() {
    }

    public static void main(String[] args) throws InterruptedException {
        RedisEngine engine = new RedisEngine(List.of("vub.be"), new EngineSettings(), null);
        System.out.println("redis " + engine.server().pid() + " " + engine.server().directory());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
