package dev.spillway.server.xds.envoy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code initial_fetch_timeout} of every subscription Envoy starts: {@code GrpcSubscriptionImpl::start}
 * (source/extensions/config_subscription/grpc/grpc_subscription_impl.cc) arms {@code init_fetch_timeout_timer_},
 * and the first update disarms it. Here a wait that reaches it is a failure of the test: Envoy would carry on
 * without the resource ({@code onConfigUpdateFailed(FetchTimedout)}), serving 503s or no listener.
 */
final class InitialFetchTimeouts {
    private final ScheduledExecutorService main;
    private final Duration timeout;
    private final Map<String, ScheduledFuture<?>> waits = new HashMap<>();
    private final List<String> reached = new CopyOnWriteArrayList<>();

    InitialFetchTimeouts(ScheduledExecutorService main, Duration timeout) {
        this.main = main;
        this.timeout = timeout;
    }

    /** A subscription for {@code what} started (again): its timer is armed afresh. */
    void start(String what, Runnable onTimeout) {
        done(what);
        if (main.isShutdown()) {
            return; // The proxy is closing.
        }
        waits.put(
                what,
                main.schedule(
                        () -> {
                            if (waits.remove(what) != null) {
                                reached.add("initial_fetch_timeout (" + timeout.toSeconds() + " s) reached waiting for "
                                        + what);
                                onTimeout.run();
                            }
                        },
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS));
    }

    /** Starts a wait unless one for {@code what} is already armed. */
    void startIfAbsent(String what, Runnable onTimeout) {
        if (!waits.containsKey(what)) {
            start(what, onTimeout);
        }
    }

    /** {@code what} arrived, or is no longer wanted. */
    void done(String what) {
        ScheduledFuture<?> wait = waits.remove(what);
        if (wait != null) {
            wait.cancel(false);
        }
    }

    /** The waits that reached the timeout; thread-safe. */
    List<String> reached() {
        return List.copyOf(reached);
    }

    void cancelAll() {
        waits.values().forEach(w -> w.cancel(false));
        waits.clear();
    }
}
