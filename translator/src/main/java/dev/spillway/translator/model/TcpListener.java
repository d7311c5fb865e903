package dev.spillway.translator.model;

import dev.spillway.api.model.ResourceKey;
import java.util.List;

/**
 * A TCP listener whose TLS chains terminate TLS and forward by SNI (or to one cluster), and whose plain
 * chain (at most one, for a tcpHost without sslConfig) forwards every other connection as it is. With no
 * chains it refuses every connection: there is no catch-all chain unless a plain tcpHost asks for one.
 *
 * @param name        listener name, {@code listener-<address>-<port>}
 * @param address     bind address
 * @param port        bind port
 * @param chains      TLS filter chains in tcpHost order
 * @param source      the Gateway it comes from
 * @param plainChains chains of tcpHosts without sslConfig
 * @param settings    tcp_proxy settings of every chain
 */
public record TcpListener(
        String name,
        String address,
        int port,
        List<SniChain> chains,
        ResourceKey source,
        List<PlainChain> plainChains,
        TcpSettings settings) {
    public TcpListener {
        chains = List.copyOf(chains);
        plainChains = List.copyOf(plainChains);
        settings = settings == null ? TcpSettings.NONE : settings;
    }

    /** A listener of TLS chains only, with Envoy's tcp_proxy defaults. */
    public TcpListener(String name, String address, int port, List<SniChain> chains, ResourceKey source) {
        this(name, address, port, chains, source, List.of(), TcpSettings.NONE);
    }

    /**
     * A chain for plain TCP: every connection goes to the destinations.
     *
     * @param name         the tcpHost name
     * @param destinations Envoy clusters with weights (one with weight 0 for a single destination)
     * @param weighted     true for weighted clusters
     */
    public record PlainChain(String name, List<VirtualHost.WeightedCluster> destinations, boolean weighted) {
        public PlainChain {
            destinations = List.copyOf(destinations);
        }
    }

    /**
     * tcp_proxy settings.
     *
     * @param maxConnectAttempts attempts to connect upstream, or null
     * @param idleTimeout        connection idle timeout, or null
     */
    public record TcpSettings(Integer maxConnectAttempts, java.time.Duration idleTimeout) {
        /** Envoy's defaults. */
        public static final TcpSettings NONE = new TcpSettings(null, null);
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
     * @param healthAnswer             instead of forwarding, the health check answer it gives for a cluster;
     *                                 null for a forwarding chain
     */
    public record SniChain(
            String name,
            List<String> serverNames,
            String certificateSecret,
            String validationSecret,
            boolean requireClientCertificate,
            List<String> alpn,
            String forwardCluster,
            HealthAnswer healthAnswer) {
        /** A forwarding chain. */
        public SniChain(
                String name,
                List<String> serverNames,
                String certificateSecret,
                String validationSecret,
                boolean requireClientCertificate,
                List<String> alpn,
                String forwardCluster) {
            this(
                    name,
                    serverNames,
                    certificateSecret,
                    validationSecret,
                    requireClientCertificate,
                    alpn,
                    forwardCluster,
                    null);
        }

        public SniChain {
            serverNames = List.copyOf(serverNames);
            alpn = List.copyOf(alpn);
        }
    }

    /**
     * A failover gateway's answer to health checks of a target as a whole.
     *
     * @param cluster              the cluster whose hosts count: the target as the gateway serves it
     * @param minHealthyPercentage the share of its hosts that must be healthy for a 200
     */
    public record HealthAnswer(String cluster, double minHealthyPercentage) {}
}
