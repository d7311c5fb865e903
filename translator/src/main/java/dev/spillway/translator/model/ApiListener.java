package dev.spillway.translator.model;

/**
 * An API listener for proxyless gRPC clients: the LDS resource a client asks for when it dials
 * {@code xds:///<name>}, routing by RDS like an Envoy listener.
 *
 * @param name            the VirtualService domain, which is the client's target
 * @param routeConfigName RDS name, {@code <first domain of its VirtualService>-routes}, shared by the listeners
 *                        of that VirtualService's domains
 * @param virtualHost     the one virtual host of that route configuration, with every such domain
 */
public record ApiListener(String name, String routeConfigName, VirtualHost virtualHost) {}
