package dev.spillway.it.envoy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The guide's color app (hashicorp/http-echo plus its health-check sidecar) on the JDK's HTTP server:
 * {@code GET /} answers {@code <name>-pod}, {@code /health} 200 or, after {@link #fail()}, 503. Like the
 * guide's sidecar it also takes {@code POST /healthcheck/fail} and {@code POST /healthcheck/ok}. It
 * remembers when its health was last checked, so a test can see Envoy's health-check cadence.
 */
public final class ColorBackend implements AutoCloseable {
    private final String name;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final Deque<Long> healthChecks = new ArrayDeque<>();

    private ColorBackend(String name, HttpServer server, ExecutorService executor) {
        this.name = name;
        this.server = server;
        this.executor = executor;
    }

    /** Starts {@code name} on {@code 127.0.0.1:port}. */
    public static ColorBackend start(String name, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, name + "-backend");
                t.setDaemon(true);
                return t;
            });
            ColorBackend backend = new ColorBackend(name, server, executor);
            server.createContext("/", backend::handle);
            server.setExecutor(executor);
            server.start();
            return backend;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " on 127.0.0.1:" + port, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/health")) {
                synchronized (healthChecks) {
                    healthChecks.addLast(System.nanoTime());
                    if (healthChecks.size() > 100) {
                        healthChecks.removeFirst();
                    }
                }
                boolean ok = healthy.get();
                respond(exchange, ok ? 200 : 503, ok ? "OK" : "unhealthy");
            } else if (method.equals("POST") && path.equals("/healthcheck/fail")) {
                fail();
                respond(exchange, 200, "OK");
            } else if (method.equals("POST") && path.equals("/healthcheck/ok")) {
                ok();
                respond(exchange, 200, "OK");
            } else {
                respond(exchange, 200, name + "-pod");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** {@code /health} answers 503 from now on. */
    public void fail() {
        healthy.set(false);
    }

    /** {@code /health} answers 200 from now on. */
    public void ok() {
        healthy.set(true);
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Health checks received so far. */
    public int healthCheckCount() {
        synchronized (healthChecks) {
            return healthChecks.size();
        }
    }

    /**
     * True when the last two health checks came at most {@code interval} apart and the last one at most
     * {@code interval} ago: the checker runs at that cadence now.
     */
    public boolean healthCheckedEvery(Duration interval) {
        long now = System.nanoTime();
        synchronized (healthChecks) {
            if (healthChecks.size() < 2) {
                return false;
            }
            Long last = healthChecks.peekLast();
            Long[] all = healthChecks.toArray(new Long[0]);
            long previous = all[all.length - 2];
            return last - previous <= interval.toNanos() && now - last <= interval.toNanos();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return name + " on 127.0.0.1:" + port() + (healthy.get() ? "" : " (failing health checks)");
    }
}
