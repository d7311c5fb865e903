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
 */
public record HttpListener(String name, String address, int port, String routeConfigName,
                           List<VirtualHost> virtualHosts, ResourceKey source) {
    public HttpListener {
        virtualHosts = List.copyOf(virtualHosts);
    }
}
