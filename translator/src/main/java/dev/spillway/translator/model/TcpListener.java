package dev.spillway.translator.model;

import dev.spillway.api.model.ResourceKey;
import java.util.List;

/**
 * A TCP listener that terminates TLS and forwards by SNI (or to one cluster). With no chains it
 * refuses every connection: there is deliberately no catch-all chain.
 *
 * @param name    listener name, {@code listener-<address>-<port>}
 * @param address bind address
 * @param port    bind port
 * @param chains  filter chains in tcpHost order
 * @param source  the Gateway it comes from
 */
public record TcpListener(String name, String address, int port, List<SniChain> chains, ResourceKey source) {
    public TcpListener {
        chains = List.copyOf(chains);
    }

    /**
     * One TLS filter chain.
     *
     * @param name                     the tcpHost name
     * @param serverNames              SNI names accepted, sorted; never empty
     * @param certificateSecret        SDS name of the server certificate and key
     * @param validationSecret         SDS name of the client CA, or null for one-way TLS
     * @param requireClientCertificate whether a client certificate is required
     * @param alpn                     ALPN protocols offered
     * @param forwardCluster           the one cluster to forward to, or null to forward by SNI
     */
    public record SniChain(
            String name,
            List<String> serverNames,
            String certificateSecret,
            String validationSecret,
            boolean requireClientCertificate,
            List<String> alpn,
            String forwardCluster) {
        public SniChain {
            serverNames = List.copyOf(serverNames);
            alpn = List.copyOf(alpn);
        }
    }
}
