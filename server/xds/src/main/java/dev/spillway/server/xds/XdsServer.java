package dev.spillway.server.xds;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.grpc.BindableService;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** The HTTP/2 window each proxy's stream gets for its requests: grpc-java's default, without tuning. */
    static final int INBOUND_WINDOW = 1 << 20;

    private final Server server;
    private final AdsService ads;
    private final OpenCalls open = new OpenCalls();
    private final AtomicBoolean stopped = new AtomicBoolean();
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
        builder.callExecutor(new AdsOnTransportThreads());
        builder.intercept(new XdsPeerInterceptor());
        builder.intercept(open);
        this.server = builder.build();
        this.ads = ads;
        this.tls = tls;
    }

    /**
     * An ADS call's callbacks only hand their message to the stream's own executor ({@link AdsStream#onNext}), so
     * they run on the transport thread that read it: a request then costs no hop through gRPC's executor, which at
     * a thousand proxies ACKing each change is a thread wake-up per proxy. Other calls (load reports, whose
     * listener may take its time) keep gRPC's executor.
     */
    private static final class AdsOnTransportThreads implements ServerCallExecutorSupplier {
        private static final Executor ON_CALLING_THREAD = Runnable::run;

        @Override
        public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata metadata) {
            return call.getMethodDescriptor().getServiceName().equals(AggregatedDiscoveryServiceGrpc.SERVICE_NAME)
                    ? ON_CALLING_THREAD
                    : null;
        }
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
     *
     * <p>A fixed inbound window of {@link #INBOUND_WINDOW} bytes turns grpc-java's bandwidth-delay probing off.
     * With it on, every request read on a connection not already probing sends a PING and waits for its ACK
     * (FlowControlPinger in AbstractNettyHandler), so each push to N proxies cost N more frames each way when
     * they ACKed. What a proxy sends here is small requests (the largest a subscription to every EDS name, a
     * few hundred KB at 10,000 clusters); there is no bandwidth to probe for. Envoy itself sends PINGs only
     * from its keepalive timer ({@code ConnectionImpl::sendKeepalive}, source/common/http/http2/codec_impl.cc).
     */
    public static NettyServerBuilder nettyBuilder(NettyServerBuilder builder) {
        return builder.permitKeepAliveTime(30, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .keepAliveTime(60, TimeUnit.SECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS)
                .flowControlWindow(INBOUND_WINDOW);
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

    /** The calls (ADS and load-report streams) open now. */
    public int openCalls() {
        return open.count();
    }

    /**
     * What a drain did: the calls open when it began, and those still open when the timeout ended the wait (cut).
     *
     * @param atStart   calls open when the drain began
     * @param cut       calls still open at the timeout, then cancelled
     */
    public record Drained(int atStart, int cut) {}

    /**
     * Stops taking new streams and moves the proxies elsewhere: {@link Server#shutdown()} closes the listening
     * socket and sends GOAWAY on every connection, so no new stream lands here; then every ADS stream ends with
     * UNAVAILABLE. Envoy needs both: on GOAWAY its HTTP/2 pool only marks the connection draining and lets the
     * ADS stream go on ({@code MultiplexedActiveClientBase::onGoAway}, source/common/http/conn_pool_base.cc);
     * when the stream ends it retries after a backoff ({@code GrpcStream::onRemoteClose},
     * source/extensions/config_subscription/grpc/grpc_stream.h) on a new connection, to another replica, and
     * keeps serving what it holds meanwhile. Waits up to {@code timeout} for the calls to end, then cuts the
     * rest ({@link Server#shutdownNow()}).
     */
    public Drained drain(Duration timeout) {
        int atStart = stopAccepting();
        return new Drained(atStart, awaitDrained(timeout));
    }

    /**
     * The first half of {@link #drain}: GOAWAY, no new streams, every ADS stream ended. Returns the calls open
     * before. The caller ends the other services' streams (load reporting), then {@link #awaitDrained}.
     */
    public int stopAccepting() {
        int atStart = open.count();
        server.shutdown();
        ads.closeStreams();
        return atStart;
    }

    /** The second half of {@link #drain}: waits for the calls to end, cuts the rest; returns how many it cut. */
    public int awaitDrained(Duration timeout) {
        int cut = 0;
        try {
            if (!server.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                cut = open.count();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cut = open.count();
        }
        server.shutdownNow();
        if (!stopped.compareAndSet(false, true)) {
            return cut;
        }
        try {
            tls.close();
        } catch (Exception e) {
            LOG.debug("stopping the TLS file checks: {}", e.toString());
        }
        return cut;
    }

    /** {@link #drain} with {@link #SHUTDOWN_GRACE}. */
    @Override
    public void close() {
        Drained drained = drain(SHUTDOWN_GRACE);
        if (drained.cut() > 0) {
            LOG.warn("{} xDS streams still open after {} s; cut them", drained.cut(), SHUTDOWN_GRACE.toSeconds());
        }
    }

    /** Counts the calls from their start to their end (completed or cancelled). */
    private static final class OpenCalls implements ServerInterceptor {
        private final AtomicInteger count = new AtomicInteger();

        int count() {
            return count.get();
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            count.incrementAndGet();
            AtomicBoolean ended = new AtomicBoolean();
            Runnable end = () -> {
                if (ended.compareAndSet(false, true)) {
                    count.decrementAndGet();
                }
            };
            ServerCall.Listener<Q> listener;
            try {
                listener = next.startCall(call, headers);
            } catch (RuntimeException e) {
                end.run();
                throw e;
            }
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
                @Override
                public void onComplete() {
                    end.run();
                    super.onComplete();
                }

                @Override
                public void onCancel() {
                    end.run();
                    super.onCancel();
                }
            };
        }
    }
}
