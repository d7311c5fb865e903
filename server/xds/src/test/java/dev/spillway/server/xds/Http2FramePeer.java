package dev.spillway.server.xds;

import com.google.protobuf.MessageLite;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelInitializer;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2DataFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2PingFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2StreamChannel;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.grpc.netty.shaded.io.netty.util.ReferenceCountUtil;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One ADS stream spoken frame by frame over plaintext HTTP/2, as a peer that sends no frame of its own accord (as
 * Envoy's codec, which pings only from its keepalive timer). Records the PINGs the server starts; PINGs are ACKed by
 * the codec, as every HTTP/2 peer must.
 */
final class Http2FramePeer implements AutoCloseable {
    private static final String ADS_PATH =
            "/" + AggregatedDiscoveryServiceGrpc.SERVICE_NAME + "/StreamAggregatedResources";

    private final NioEventLoopGroup loop = new NioEventLoopGroup(1);
    private final Channel channel;
    private final Http2StreamChannel stream;
    private final AtomicInteger serverPings = new AtomicInteger();
    /** "data" per DATA frame read, "pong" per ACK of one of our PINGs. */
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    Http2FramePeer(int port) throws InterruptedException {
        channel = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(
                                        Http2FrameCodecBuilder.forClient().build(),
                                        new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                        new Recorder());
                    }
                })
                .connect("127.0.0.1", port)
                .sync()
                .channel();
        stream = new Http2StreamChannelBootstrap(channel)
                .handler(new Recorder())
                .open()
                .sync()
                .getNow();
        DefaultHttp2Headers headers = new DefaultHttp2Headers();
        headers.method("POST")
                .scheme("http")
                .path(ADS_PATH)
                .authority("127.0.0.1:" + port)
                .add("content-type", "application/grpc")
                .add("te", "trailers");
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers)).sync();
    }

    /** Sends one gRPC message on the stream: a flag byte, the length, the bytes. */
    void send(MessageLite message) throws InterruptedException {
        byte[] bytes = message.toByteArray();
        ByteBuf frame = Unpooled.buffer(5 + bytes.length)
                .writeByte(0)
                .writeInt(bytes.length)
                .writeBytes(bytes);
        stream.writeAndFlush(new DefaultHttp2DataFrame(frame)).sync();
    }

    /** Waits for the next DATA frame from the server. */
    void awaitData() throws InterruptedException {
        await("data");
    }

    /**
     * Sends a PING and waits for its ACK. The server writes frames in the order it handles what it read, so every
     * frame it started because of something read before this PING is here when its ACK is.
     */
    void roundTrip() throws InterruptedException {
        channel.writeAndFlush(new DefaultHttp2PingFrame(42)).sync();
        await("pong");
    }

    /** PINGs the server sent, not counting ACKs of ours. */
    int serverPings() {
        return serverPings.get();
    }

    private void await(String event) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String next = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no " + event + " frame from the server within 10 s");
            }
            if (next.equals(event)) {
                return;
            }
        }
    }

    @Override
    public void close() {
        channel.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** On the connection: PINGs; on the stream: DATA frames. */
    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2PingFrame ping) {
                    if (ping.ack()) {
                        events.add("pong");
                    } else {
                        serverPings.incrementAndGet();
                    }
                } else if (msg instanceof Http2DataFrame) {
                    events.add("data");
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
