package dev.spillway.translator.xds;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Envoy resources as Envoy's {@code /config_dump} shows them: protobuf JSON with the proto field names
 * ({@code connect_timeout}), {@code @type} on every {@code Any}, two-space indent, and private keys
 * redacted. The same resources always print to the same bytes.
 */
public final class EnvoyJson {
    /** What a redacted private key reads as. */
    public static final String REDACTED = "[redacted]";

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .preservingProtoFieldNames()
            .sortingMapKeys()
            .usingTypeRegistry(EnvoyTypes.jsonRegistry());

    private EnvoyJson() {}

    /** One resource (or any message made of the types in {@link EnvoyTypes}), keys redacted. */
    public static String print(MessageOrBuilder message) {
        MessageOrBuilder printable = message instanceof Secret secret ? redact(secret) : message;
        try {
            return PRINTER.print(printable);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a type packed into an Any is missing from EnvoyTypes", e);
        }
    }

    /**
     * A proxy group's resources as one JSON document, sections in xDS order, each sorted by name:
     * {@code {"clusters": [...], "endpoints": [...], "listeners": [...], "routes": [...], "secrets": [...]}}.
     */
    public static String groupDump(XdsResources xds) {
        return "{\n"
                + String.join(
                        ",\n",
                        section("clusters", xds.clusters()),
                        section("endpoints", xds.endpoints()),
                        section("listeners", xds.listeners()),
                        section("routes", xds.routes()),
                        section("secrets", xds.secrets()))
                + "\n}\n";
    }

    /** The secret with inline private key material replaced, so dumps and logs never carry keys. */
    public static Secret redact(Secret secret) {
        if (!secret.hasTlsCertificate() || !isInline(secret.getTlsCertificate().getPrivateKey())) {
            return secret;
        }
        TlsCertificate redacted = secret.getTlsCertificate().toBuilder()
                .setPrivateKey(Secrets.inline(REDACTED))
                .build();
        return secret.toBuilder().setTlsCertificate(redacted).build();
    }

    private static boolean isInline(DataSource source) {
        return switch (source.getSpecifierCase()) {
            case INLINE_STRING, INLINE_BYTES -> true;
            default -> false;
        };
    }

    private static String section(String name, List<? extends MessageOrBuilder> resources) {
        if (resources.isEmpty()) {
            return "  \"" + name + "\": []";
        }
        String items = resources.stream().map(r -> indent(print(r))).collect(Collectors.joining(",\n"));
        return "  \"" + name + "\": [\n" + items + "\n  ]";
    }

    /** JSON strings never hold a raw newline, so indenting line by line cannot alter a value. */
    private static String indent(String json) {
        return json.lines().map(line -> "    " + line).collect(Collectors.joining("\n"));
    }
}
