package dev.spillway.translator.model;

import dev.spillway.api.model.ResourceKey;
import java.util.List;

/**
 * One filter chain of an HTTPS listener: a VirtualService's certificate for the SNI names it matches, in
 * front of a connection manager whose route configuration holds only that VirtualService's virtual host.
 *
 * @param name                     the virtual host name, {@code <vsNamespace>_<vsName>}
 * @param routeConfigName          RDS name, {@code <listener>-<name>-routes}
 * @param serverNames              SNI names matched, lower case and sorted; empty matches every name
 * @param certificateSecret        SDS name of the server certificate and key
 * @param validationSecret         SDS name of the client CA, or null when clients are not verified
 * @param requireClientCertificate whether a client certificate is required
 * @param options                  SANs, parameters and ALPN, or null for the defaults
 * @param source                   the VirtualService it comes from
 */
public record HttpsChain(
        String name,
        String routeConfigName,
        List<String> serverNames,
        String certificateSecret,
        String validationSecret,
        boolean requireClientCertificate,
        TlsSettings options,
        ResourceKey source) {
    public HttpsChain {
        serverNames = List.copyOf(serverNames);
    }
}
