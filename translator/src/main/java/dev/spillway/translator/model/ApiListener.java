package dev.spillway.translator.model;

/**
 * An API listener for proxyless gRPC clients: the LDS resource a client asks for when it dials
 * {@code xds:///<name>}, routing by RDS like an Envoy listener.
 *
 * @param name            the VirtualService domain, which is the client's target
 * @param routeConfigName RDS name, {@code <name>-routes}
 * @param virtualHost     the one virtual host, with {@code name} as its only domain
 */
public record ApiListener(String name, String routeConfigName, VirtualHost virtualHost) {}
