package dev.spillway.it.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The one gRPC method the tests call, {@code color.Color/Get}: the request is ignored, the answer is the
 * backend's color. Messages are plain UTF-8 strings, so no {@code .proto} is needed.
 */
final class Color {
    static final String BLUE = "blue";
    static final String GREEN = "green";

    static final MethodDescriptor<String, String> GET = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("color.Color", "Get"))
            .setRequestMarshaller(Utf8.INSTANCE)
            .setResponseMarshaller(Utf8.INSTANCE)
            .build();

    /** A single RPC may take this long; far more than a loopback call needs. */
    private static final long RPC_DEADLINE_SECONDS = 5;

    private Color() {}

    /** The service of a backend that answers {@code color}. */
    static ServerServiceDefinition service(String color) {
        return ServerServiceDefinition.builder("color.Color")
                .addMethod(GET, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(color);
                    response.onCompleted();
                }))
                .build();
    }

    /** One fail-fast call: throws {@link io.grpc.StatusRuntimeException} when no backend can take it. */
    static String get(Channel channel) {
        return ClientCalls.blockingUnaryCall(
                channel, GET, CallOptions.DEFAULT.withDeadlineAfter(RPC_DEADLINE_SECONDS, TimeUnit.SECONDS), "");
    }

    /** One call that waits (up to its deadline) for the channel to be ready, e.g. while xDS config arrives. */
    static String getWaitingForReady(Channel channel) {
        return ClientCalls.blockingUnaryCall(
                channel,
                GET,
                CallOptions.DEFAULT.withWaitForReady().withDeadlineAfter(RPC_DEADLINE_SECONDS, TimeUnit.SECONDS),
                "");
    }

    private enum Utf8 implements MethodDescriptor.Marshaller<String> {
        INSTANCE;

        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
