package dev.spillway.it.envoy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the shipped Envoy bootstraps ({@code envoy-configs/*-gateway-proxy.yaml}), with only what a
 * test must change: the xDS server's address and TLS material, the ADS flavour, the admin port and the node id. Edited
 * as a tree, so a change of the shipped file's shape fails here loudly instead of being missed.
 */
public final class EnvoyBootstrap {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** ADS flavours: state of the world or incremental. */
    public enum Ads {
        SOTW("GRPC"),
        DELTA("DELTA_GRPC");

        final String apiType;

        Ads(String apiType) {
            this.apiType = apiType;
        }
    }

    private final ObjectNode root;

    private EnvoyBootstrap(ObjectNode root) {
        this.root = root;
    }

    /** The shipped bootstrap of a cluster's gateway proxy: {@code local} or {@code remote}. */
    public static EnvoyBootstrap gatewayProxy(String cluster) {
        return of(Repo.root().resolve("envoy-configs").resolve(cluster + "-gateway-proxy.yaml"));
    }

    public static EnvoyBootstrap of(Path file) {
        try {
            return new EnvoyBootstrap((ObjectNode) YAML.readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points the {@code spillway-xds} cluster at {@code host:port}. */
    public EnvoyBootstrap xds(String host, int port) {
        ObjectNode address = null;
        for (JsonNode cluster : required(root, "static_resources", "clusters")) {
            if ("spillway-xds".equals(cluster.path("name").asText())) {
                address = (ObjectNode) required(cluster, "load_assignment", "endpoints")
                        .get(0)
                        .path("lb_endpoints")
                        .get(0)
                        .path("endpoint")
                        .path("address")
                        .path("socket_address");
            }
        }
        if (address == null || !address.has("port_value")) {
            throw new IllegalStateException("bootstrap has no spillway-xds cluster endpoint: " + root);
        }
        address.put("address", host);
        address.put("port_value", port);
        return this;
    }

    /**
     * Replaces the files of the {@code spillway-xds} cluster's TLS context (the shipped bootstrap's mTLS to
     * Spillway) with inline PEM, so a container needs no mounted certificate files. Fails when the shipped
     * bootstrap has no such context.
     */
    public EnvoyBootstrap xdsTls(String caPem, String certificatePem, String privateKeyPem) {
        ObjectNode common = null;
        for (JsonNode cluster : required(root, "static_resources", "clusters")) {
            if ("spillway-xds".equals(cluster.path("name").asText())) {
                common = (ObjectNode) required(cluster, "transport_socket", "typed_config", "common_tls_context");
            }
        }
        if (common == null) {
            throw new IllegalStateException("bootstrap has no spillway-xds cluster: " + root);
        }
        ObjectNode identity = (ObjectNode) required(common, "tls_certificates").get(0);
        identity.putObject("certificate_chain").put("inline_string", certificatePem);
        identity.putObject("private_key").put("inline_string", privateKeyPem);
        ((ObjectNode) required(common, "validation_context"))
                .putObject("trusted_ca")
                .put("inline_string", caPem);
        return this;
    }

    /**
     * The {@code spillway-xds} cluster's client TLS, as the shipped bootstrap names it.
     *
     * @param certificateChainFile the client certificate, relative to the directory Envoy starts in
     * @param privateKeyFile       its key
     * @param trustedCaFile        the CA the server certificate must chain to
     * @param sni                  the SNI sent
     * @param alpn                 the ALPN protocols offered
     * @param dnsSans              the DNS SANs one of which the server certificate must carry (exact matches)
     */
    public record XdsClientTls(
            String certificateChainFile,
            String privateKeyFile,
            String trustedCaFile,
            String sni,
            List<String> alpn,
            List<String> dnsSans) {}

    /** The shipped bootstrap's mTLS to Spillway; fails when it has none or names no files. */
    public XdsClientTls xdsClientTls() {
        JsonNode context = null;
        for (JsonNode cluster : required(root, "static_resources", "clusters")) {
            if ("spillway-xds".equals(cluster.path("name").asText())) {
                context = required(cluster, "transport_socket", "typed_config");
            }
        }
        if (context == null) {
            throw new IllegalStateException("bootstrap has no spillway-xds cluster: " + root);
        }
        JsonNode common = required(context, "common_tls_context");
        JsonNode identity = required(common, "tls_certificates").get(0);
        List<String> alpn = new ArrayList<>();
        common.path("alpn_protocols").forEach(p -> alpn.add(p.asText()));
        List<String> sans = new ArrayList<>();
        for (JsonNode m : required(common, "validation_context", "match_typed_subject_alt_names")) {
            if (!"DNS".equals(m.path("san_type").asText())
                    || !m.path("matcher").path("exact").isTextual()) {
                throw new IllegalStateException("only exact DNS SAN matchers are modelled: " + m);
            }
            sans.add(m.path("matcher").path("exact").asText());
        }
        return new XdsClientTls(
                required(identity, "certificate_chain", "filename").asText(),
                required(identity, "private_key", "filename").asText(),
                required(common, "validation_context", "trusted_ca", "filename").asText(),
                required(context, "sni").asText(),
                List.copyOf(alpn),
                List.copyOf(sans));
    }

    /** The bootstrap's node, with the user agent Envoy adds to it ({@code envoy}). */
    public Node node() {
        Node.Builder node = Node.newBuilder();
        try {
            JsonFormat.parser().merge(JSON.writeValueAsString(required(root, "node")), node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return node.setUserAgentName("envoy").build();
    }

    public EnvoyBootstrap ads(Ads ads) {
        ((ObjectNode) required(root, "dynamic_resources", "ads_config")).put("api_type", ads.apiType);
        return this;
    }

    public EnvoyBootstrap admin(String address, int port) {
        ObjectNode socket = (ObjectNode) required(root, "admin", "address", "socket_address");
        socket.put("address", address);
        socket.put("port_value", port);
        return this;
    }

    public EnvoyBootstrap nodeId(String id) {
        ((ObjectNode) required(root, "node")).put("id", id);
        return this;
    }

    /** The federation cluster the node names ({@code node.metadata.cluster}). */
    public String cluster() {
        return required(root, "node", "metadata", "cluster").asText();
    }

    public int adminPort() {
        return required(root, "admin", "address", "socket_address", "port_value")
                .asInt();
    }

    /** The bootstrap as Envoy reads it (JSON is YAML too). */
    public String text() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode required(JsonNode node, String... path) {
        JsonNode at = node;
        for (String field : path) {
            at = at.path(field);
            if (at.isMissingNode()) {
                throw new IllegalStateException("bootstrap has no " + String.join(".", path));
            }
        }
        return at;
    }
}
