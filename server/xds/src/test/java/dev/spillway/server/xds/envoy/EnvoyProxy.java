package dev.spillway.server.xds.envoy;

import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.Channel;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An ADS client that behaves as Envoy's xDS client does, for tests: one main thread applies every response in
 * turn ({@link ProxyConfig}), over a SotW ({@link SotwMux}) or delta ({@link DeltaMux}) mux, and keeps the state a
 * proxy holds ({@link #state()}). Each behaviour names the Envoy function it models. A wait for a resource that
 * reaches {@code initial_fetch_timeout} fails the test: {@link #await} throws, and so does {@link #close}.
 *
 * <pre>{@code
 * try (EnvoyProxy envoy = EnvoyProxy.start(channel, node, EnvoyOptions.stateOfTheWorld())) {
 *     envoy.await("blue's endpoints", s -> s.endpoints("blue").equals(List.of("10.0.0.1:10000")));
 * }
 * }</pre>
 */
public final class EnvoyProxy implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(10);

    private final EnvoyOptions options;
    private final MainThread main = new MainThread();
    private final InitialFetchTimeouts timeouts;
    private final Map<XdsType, Runnable> hooks = new ConcurrentHashMap<>();
    private final ProxyConfig config;
    private final GrpcMux<?, ?> mux;
    private volatile ProxyState state = ProxyState.empty();

    private EnvoyProxy(Channel channel, Node node, EnvoyOptions options) {
        this.options = options;
        this.timeouts = new InitialFetchTimeouts(main, options.initialFetchTimeout());
        this.config = new ProxyConfig(options, timeouts, hooks);
        this.mux = options.delta()
                ? new DeltaMux(channel, main, options, node, config)
                : new SotwMux(channel, main, options, node, config);
    }

    /** Connects to the ADS server behind {@code channel} and starts subscribing, as Envoy does at start-up. */
    public static EnvoyProxy start(Channel channel, Node node, EnvoyOptions options) {
        EnvoyProxy envoy = new EnvoyProxy(channel, node, options);
        envoy.main.execute(() -> envoy.config.start(envoy.mux));
        return envoy;
    }

    /** What the proxy holds now. */
    public ProxyState state() {
        return state;
    }

    /**
     * Runs {@code action} on the main thread when the next response of {@code type} arrives, before it is
     * processed: for example a publish that lands within the proxy's processing delay.
     */
    public void whileProcessingNext(XdsType type, Runnable action) {
        hooks.put(type, action);
    }

    /**
     * Waits until the state meets {@code condition}. Fails as soon as any wait of the proxy reached
     * {@code initial_fetch_timeout}; gives up (failing) after twice that timeout.
     */
    public ProxyState await(String what, Predicate<ProxyState> condition) {
        long deadline = System.nanoTime()
                + options.initialFetchTimeout().multipliedBy(2).toNanos();
        while (true) {
            failOnTimeouts();
            ProxyState now = state;
            if (condition.test(now)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the proxy never reached: " + what + "; it holds " + now);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Waits until nothing warms and {@code condition} holds. */
    public ProxyState awaitSettled(String what, Predicate<ProxyState> condition) {
        return await(what + " with nothing warming", s -> s.settled() && condition.test(s));
    }

    /**
     * How the server ended each stream so far, oldest first. Envoy logs such a close and retries after a backoff
     * with what it already holds ({@code GrpcStream::onRemoteClose}, grpc_stream.h); so does this proxy.
     */
    public List<Status> remoteCloses() {
        return List.copyOf(mux.remoteCloses);
    }

    /** How many responses arrived on any stream, counted before they are applied. */
    public int responsesReceived() {
        return mux.responsesReceived.get();
    }

    /** How many resources of the type arrived on any stream (removals not counted). */
    public int resourcesReceived(XdsType type) {
        java.util.concurrent.atomic.AtomicInteger n = mux.resourcesReceived.get(type);
        return n == null ? 0 : n.get();
    }

    /** The failures: waits that reached the timeout and errors on the main thread. */
    public List<String> failures() {
        List<String> all = new ArrayList<>(timeouts.reached());
        all.addAll(main.errors);
        return all;
    }

    /** Ends the stream and the main thread; fails when any wait reached the timeout meanwhile. */
    @Override
    public void close() {
        main.execute(() -> {
            timeouts.cancelAll();
            mux.close();
        });
        main.shutdown();
        try {
            main.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failOnTimeouts();
    }

    private void failOnTimeouts() {
        List<String> failures = failures();
        if (!failures.isEmpty()) {
            throw new AssertionError("the proxy " + String.join("; ", failures));
        }
    }

    /** Envoy's main dispatcher: one thread; after every event the state is published for the test. */
    private final class MainThread extends ScheduledThreadPoolExecutor {
        final List<String> errors = new CopyOnWriteArrayList<>();

        MainThread() {
            super(1, r -> {
                Thread t = new Thread(r, "envoy-main");
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        protected void afterExecute(Runnable task, Throwable thrown) {
            if (thrown == null && task instanceof Future<?> f && f.isDone()) {
                try {
                    f.get();
                } catch (CancellationException ignored) {
                    return;
                } catch (ExecutionException e) {
                    thrown = e.getCause();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (thrown != null) {
                errors.add("failed on its main thread: " + thrown);
            }
            state = config.snapshot();
        }
    }
}
