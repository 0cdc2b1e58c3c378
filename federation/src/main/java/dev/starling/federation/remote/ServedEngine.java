package dev.starling.federation.remote;

import dev.starling.api.Instance;
import dev.starling.engine.EngineSettings;
import dev.starling.engine.RingEngine;
import dev.starling.federation.aeron.AeronFederation;
import dev.starling.federation.aeron.AeronMedia;
import dev.starling.spi.BroadcastLatency;
import dev.starling.spi.Engine;
import dev.starling.spi.InstanceStats;
import dev.starling.spi.StoreUsage;
import org.agrona.concurrent.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * RING instances served to other processes: the {@link RingEngine} federated with its peers
 * through an {@link AeronFederation}, and an {@link ApiServer} answering clients' requests, both
 * on one endpoint of this process's {@link AeronMedia}. Closing (also on SIGTERM or Ctrl-C, from
 * a shutdown hook) stops taking requests, closes the engine (its stores close cleanly), then the
 * links, then the Aeron client and the embedded media driver (its directory removed).
 */
public final class ServedEngine implements Engine {

    private static final Logger LOG = LoggerFactory.getLogger(ServedEngine.class);

    private final AeronMedia media;
    private final AeronFederation federation;
    private final RingEngine engine;
    private final AgentRunner server;
    private final Thread closeOnExit = new Thread(this::close, "starling-serve-close-on-exit");
    private boolean closed;

    private ServedEngine(AeronMedia media, AeronFederation federation, RingEngine engine, AgentRunner server) {
        this.media = media;
        this.federation = federation;
        this.engine = engine;
        this.server = server;
    }

    /**
     * Starts the instances of {@code domains}, federated with {@code peers} (domain to {@code
     * host:port}), listening on {@code endpoint}; on the media driver at {@code aeronDirectory},
     * or an embedded one when it is null.
     */
    public static ServedEngine start(List<String> domains, EngineSettings settings, String endpoint,
                                     Map<String, String> peers, Path aeronDirectory) {
        AeronMedia media = AeronMedia.launch(aeronDirectory);
        AeronFederation federation = null;
        RingEngine engine = null;
        try {
            federation = new AeronFederation(media.aeron(), endpoint, domains, peers, settings.federationRingSize(),
                    !media.embedded());
            engine = new RingEngine(domains, settings, federation);
            AgentRunner server = new AgentRunner(AeronMedia.idleStrategy(), t -> LOG.warn("api server error", t), null,
                    new ApiServer(media.aeron(), endpoint, engine, !media.embedded()));
            AgentRunner.startOnThread(server, r -> {
                Thread thread = new Thread(r, "starling-api-server");
                thread.setDaemon(true);
                return thread;
            });
            ServedEngine served = new ServedEngine(media, federation, engine, server);
            Runtime.getRuntime().addShutdownHook(served.closeOnExit);
            return served;
        } catch (RuntimeException e) {
            if (engine != null) {
                engine.close();
            }
            if (federation != null) {
                federation.close();
            }
            media.close();
            throw e;
        }
    }

    /** The federation transport (links to the peers). */
    public AeronFederation federation() {
        return federation;
    }

    /** The media driver's directory. */
    public String aeronDirectory() {
        return media.directory();
    }

    @Override
    public Instance instance(String domain) {
        return engine.instance(domain);
    }

    @Override
    public int threads() {
        return engine.threads();
    }

    @Override
    public Path dataDirectory() {
        return engine.dataDirectory();
    }

    @Override
    public boolean awaitQuiescent(Duration timeout) {
        return engine.awaitQuiescent(timeout);
    }

    @Override
    public InstanceStats stats(String domain) {
        return engine.stats(domain);
    }

    @Override
    public List<StoreUsage> storeUsage(String domain) {
        return engine.storeUsage(domain);
    }

    @Override
    public BroadcastLatency broadcastLatency() {
        return engine.broadcastLatency();
    }

    @Override
    public List<dev.starling.spi.BroadcastSpread> broadcastSpreads() {
        return engine.broadcastSpreads();
    }

    @Override
    public void clearBroadcastLatency() {
        engine.clearBroadcastLatency();
    }

    @Override
    public List<String> domains() {
        return engine.domains();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != closeOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(closeOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it finds the engine closed
            }
        }
        server.close();
        engine.close();
        federation.close();
        media.close();
    }
}
