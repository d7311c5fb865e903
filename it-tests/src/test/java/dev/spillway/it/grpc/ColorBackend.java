package dev.spillway.it.grpc;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC backend on loopback answering one color. It can be stopped (its port then refuses
 * connections, which is what makes gRPC fail over) and started again on the same port.
 */
final class ColorBackend implements AutoCloseable {
    private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(20);

    private final String color;
    private final int port;
    private Server server;

    private ColorBackend(String color, Server server) {
        this.color = color;
        this.server = server;
        this.port = server.getPort();
    }

    /** A backend on a free loopback port (see {@link Ports}: nothing else takes it while the backend is down). */
    static ColorBackend start(String color) {
        return new ColorBackend(
                color,
                Eventually.await(color + " backend listening", REBIND_TIMEOUT, () -> serve(color, Ports.free())));
    }

    int port() {
        return port;
    }

    /** Closes the port and every connection; returns once the server is gone. */
    synchronized void stop() throws InterruptedException {
        if (server == null) {
            return;
        }
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
        server = null;
    }

    /** Serves again on the same port (retrying while the kernel still holds it). */
    synchronized void restart() {
        if (server != null) {
            return;
        }
        server = Eventually.await(
                color + " backend listening again on port " + port, REBIND_TIMEOUT, () -> serve(color, port));
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Server serve(String color, int port) throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(Color.service(color))
                .build()
                .start();
    }

    @Override
    public String toString() {
        return color + "@127.0.0.1:" + port;
    }
}
