package dev.spillway.server.xds;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The xDS gRPC server. Stopping it ends the ADS streams (which never end by themselves) so proxies
 * reconnect elsewhere, gives them a moment to go, then cuts what is left.
 */
public final class XdsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XdsServer.class);

    /** The xDS port, as Gloo's. */
    public static final int DEFAULT_PORT = 9977;
    /** How long {@link #close()} waits for streams to end. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    /** The bind address without TLS: secrets must not travel unauthenticated beyond this host. */
    public static final String LOOPBACK = "127.0.0.1";
    /** The bind address with TLS: every interface. */
    public static final String ALL_INTERFACES = "0.0.0.0";

    private final Server server;
    private final AdsService ads;
    private final AutoCloseable tls;
    private volatile int port = -1;

    /** Serves {@code ads} (and any {@code extra} services) on a server built from {@code builder}. */
    public XdsServer(ServerBuilder<?> builder, AdsService ads, BindableService... extra) {
        this(builder, ads, () -> {}, extra);
    }

    private XdsServer(ServerBuilder<?> builder, AdsService ads, AutoCloseable tls, BindableService... extra) {
        builder.addService(ads);
        for (BindableService service : extra) {
            builder.addService(service);
        }
        builder.intercept(new XdsPeerInterceptor());
        this.server = builder.build();
        this.ads = ads;
        this.tls = tls;
    }

    /** A plaintext server on {@code port} of the loopback interface; port 0 picks a free one. */
    public static XdsServer onPort(int port, AdsService ads) {
        return new XdsServer(nettyBuilder(NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, port))), ads);
    }

    /**
     * A server on {@code address:port}, with TLS when {@code tls} is not null. The TLS files are loaded now
     * and checked for changes until {@link #close()}: a rotated certificate serves new connections. The
     * {@code extra} services (load reporting) share the port, its TLS and the peer identity.
     */
    public static XdsServer listen(String address, int port, XdsTls tls, AdsService ads, BindableService... extra)
            throws IOException {
        InetSocketAddress bind = new InetSocketAddress(address, port);
        if (tls == null) {
            return new XdsServer(nettyBuilder(NettyServerBuilder.forAddress(bind)), ads, extra);
        }
        XdsTls.Reloading credentials = tls.open();
        return new XdsServer(
                nettyBuilder(NettyServerBuilder.forAddress(bind, credentials.credentials())), ads, credentials, extra);
    }

    /** A plaintext builder on {@code port} of every interface, with {@link #nettyBuilder(NettyServerBuilder)}. */
    public static NettyServerBuilder nettyBuilder(int port) {
        return nettyBuilder(NettyServerBuilder.forPort(port));
    }

    /**
     * Netty settings for thousands of long-lived streams: proxies may ping every 30 s even when idle, the
     * server pings after a minute of silence to find dead peers, and idle connections are never closed.
     */
    public static NettyServerBuilder nettyBuilder(NettyServerBuilder builder) {
        return builder.permitKeepAliveTime(30, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .keepAliveTime(60, TimeUnit.SECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS);
    }

    public XdsServer start() throws IOException {
        server.start();
        port = server.getPort();
        LOG.info("xDS gRPC listening on {}", server.getListenSockets());
        return this;
    }

    /** The bound port, or -1 before the start and for a transport without ports (in-process). */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.shutdown();
        ads.closeStreams();
        try {
            if (!server.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("xDS streams still open after {} s; cutting them", SHUTDOWN_GRACE.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdownNow();
        try {
            tls.close();
        } catch (Exception e) {
            LOG.debug("stopping the TLS file checks: {}", e.toString());
        }
    }
}
