package dev.spillway.server.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoints: {@code /healthz}, {@code /readyz}, {@code /metrics}, {@code /status},
 * {@code /failover}, {@code /ui} (a read-only console), {@code /config_dump?group=<cluster>/<proxy>}. Loopback by default: it shows config and statuses.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final HttpServer server;

    /**
     * What the endpoints read.
     *
     * @param ready      {@link Readiness#READY} once the sources are loaded and the first snapshots are set, until
     *                   a drain begins
     * @param metrics    the Prometheus text for {@code /metrics}
     * @param status     the JSON for {@code /status}
     * @param configDump the JSON for {@code /config_dump} of a group, or null for an unknown group
     * @param failover   the JSON for {@code /failover}: per FailoverScheme and proxy group, tiers, readiness, traffic
     */
    public record Endpoints(
            Supplier<Readiness> ready,
            TextSource metrics,
            TextSource status,
            GroupDump configDump,
            TextSource failover) {
        /** Without {@code /failover}; ready or still loading. */
        public Endpoints(BooleanSupplier ready, TextSource metrics, TextSource status, GroupDump configDump) {
            this(() -> ready.getAsBoolean() ? Readiness.READY : Readiness.LOADING, metrics, status, configDump, () -> {
                throw new NotAvailableYet("no failover report on this server");
            });
        }
    }

    /** What {@code /readyz} answers: 200 when ready, else 503 with the reason. */
    public enum Readiness {
        LOADING("not ready: sources loading\n"),
        READY("ready\n"),
        /** Shutting down: the Service must stop sending proxies here. */
        DRAINING("not ready: draining\n");

        private final String body;

        Readiness(String body) {
            this.body = body;
        }
    }

    /** Produces a response body; throws {@link NotAvailableYet} while there is nothing to show. */
    @FunctionalInterface
    public interface TextSource {
        String text() throws IOException;
    }

    /** The body has nothing to be made from yet (nothing translated during start-up): a 503. */
    public static final class NotAvailableYet extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotAvailableYet(String reason) {
            super(reason);
        }
    }

    /** Produces a group's config dump, or null when the group is unknown. */
    @FunctionalInterface
    public interface GroupDump {
        String dump(String group);
    }

    public AdminServer(InetSocketAddress address, Endpoints endpoints) throws IOException {
        server = HttpServer.create(address, 64);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "spillway-admin");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/healthz", ex -> send(ex, 200, "text/plain", "ok\n"));
        server.createContext("/readyz", ex -> {
            Readiness readiness = endpoints.ready().get();
            send(ex, readiness == Readiness.READY ? 200 : 503, "text/plain", readiness.body);
        });
        server.createContext(
                "/metrics", ex -> sendText(ex, "text/plain; version=0.0.4; charset=utf-8", endpoints.metrics()));
        server.createContext("/status", ex -> sendText(ex, "application/json", endpoints.status()));
        server.createContext("/config_dump", ex -> configDump(ex, endpoints.configDump()));
        server.createContext("/failover", ex -> sendText(ex, "application/json", endpoints.failover()));
        String console = console();
        server.createContext("/ui", ex -> {
            // Everything the page needs is in it; it may only fetch from this server.
            ex.getResponseHeaders()
                    .set(
                            "Content-Security-Policy",
                            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                                    + "connect-src 'self'; img-src 'self' data:");
            send(ex, 200, "text/html; charset=utf-8", console);
        });
        server.createContext(
                "/",
                ex -> send(
                        ex,
                        404,
                        "text/plain",
                        "endpoints: /healthz /readyz /metrics /status /failover /ui "
                                + "/config_dump?group=<cluster>/<proxy>\n"));
    }

    /** The read-only console: one self-contained page that reads /status and /failover every few seconds. */
    private static String console() throws IOException {
        try (java.io.InputStream in = AdminServer.class.getResourceAsStream("console.html")) {
            if (in == null) {
                throw new IOException("console.html missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public void start() {
        server.start();
        LOG.info("admin HTTP listening on {}", server.getAddress());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * A body that cannot be produced yet is a 503 that says why; one that fails to render is a 500 with the
     * error, so a probe or a script never mistakes a bug for start-up.
     */
    private static void sendText(HttpExchange ex, String type, TextSource source) throws IOException {
        String body;
        try {
            body = source.text();
        } catch (NotAvailableYet e) {
            send(ex, 503, "text/plain", "not available yet: " + e.getMessage() + "\n");
            return;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} failed to render", ex.getRequestURI().getPath(), e);
            send(ex, 500, "text/plain", "failed to render: " + e + "\n");
            return;
        }
        send(ex, 200, type, body);
    }

    private static void configDump(HttpExchange ex, GroupDump dump) throws IOException {
        String group = query(ex.getRequestURI(), "group");
        if (group == null) {
            send(ex, 400, "text/plain", "missing ?group=<cluster>/<proxy>\n");
            return;
        }
        String body = dump.dump(group);
        if (body == null) {
            send(ex, 404, "text/plain", "unknown proxy group " + group + "\n");
        } else {
            send(ex, 200, "application/json", body);
        }
    }

    private static String query(URI uri, String name) {
        String q = uri.getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
