package dev.spillway.it.envoy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
