package dev.spillway.translator.model;

import dev.spillway.api.model.ResourceKey;
import java.util.List;

/**
 * An HTTP listener with its route configuration.
 *
 * @param name            listener name, {@code listener-<address>-<port>}
 * @param address         bind address
 * @param port            bind port
 * @param routeConfigName RDS name, {@code <name>-routes}
 * @param virtualHosts    virtual hosts, one per VirtualService, sorted by name
 * @param source          the Gateway it comes from
 * @param tlsChains       for an {@code ssl: true} Gateway its TLS filter chains, each with its own route
 *                        configuration (routeConfigName is then unused; no chains: every connection is
 *                        refused); null for plaintext
 * @param settings        its HTTP connection manager settings
 */
public record HttpListener(
        String name,
        String address,
        int port,
        String routeConfigName,
        List<VirtualHost> virtualHosts,
        ResourceKey source,
        List<HttpsChain> tlsChains,
        HttpSettings settings) {
    public HttpListener {
        virtualHosts = List.copyOf(virtualHosts);
        tlsChains = tlsChains == null ? null : List.copyOf(tlsChains);
        settings = settings == null ? HttpSettings.DEFAULT : settings;
    }

    /** A listener with Gloo's default connection manager settings. */
    public HttpListener(
            String name,
            String address,
            int port,
            String routeConfigName,
            List<VirtualHost> virtualHosts,
            ResourceKey source,
            List<HttpsChain> tlsChains) {
        this(name, address, port, routeConfigName, virtualHosts, source, tlsChains, HttpSettings.DEFAULT);
    }

    /** A plaintext listener. */
    public HttpListener(
            String name,
            String address,
            int port,
            String routeConfigName,
            List<VirtualHost> virtualHosts,
            ResourceKey source) {
        this(name, address, port, routeConfigName, virtualHosts, source, null, HttpSettings.DEFAULT);
    }
}
