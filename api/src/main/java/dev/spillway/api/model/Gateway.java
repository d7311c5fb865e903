package dev.spillway.api.model;

import java.util.List;
import java.util.Map;

/**
 * {@code gateway.solo.io/v1 Gateway}: one listener of one or more gateway proxies. Exactly one of
 * {@code http} and {@code tcp} is set.
 *
 * @param meta        metadata
 * @param bindAddress address to bind ({@code ::} by default)
 * @param bindPort    port to bind, 1..65535
 * @param proxyNames  proxies (Envoy {@code node.cluster}) that get this listener
 * @param http        HTTP listener settings, or null
 * @param tcp         TCP listener settings, or null
 * @param ssl         {@code spec.ssl}: an HTTP gateway that serves only VirtualServices with sslConfig, over TLS
 */
public record Gateway(
        ObjectMeta meta,
        String bindAddress,
        int bindPort,
        List<String> proxyNames,
        HttpGateway http,
        TcpGateway tcp,
        boolean ssl)
        implements Resource {

    public Gateway {
        proxyNames = List.copyOf(proxyNames);
    }

    /** A plaintext ({@code ssl: false}) Gateway. */
    public Gateway(
            ObjectMeta meta,
            String bindAddress,
            int bindPort,
            List<String> proxyNames,
            HttpGateway http,
            TcpGateway tcp) {
        this(meta, bindAddress, bindPort, proxyNames, http, tcp, false);
    }

    @Override
    public Kind kind() {
        return Kind.GATEWAY;
    }

    /**
     * {@code httpGateway}: which VirtualServices this listener serves. With neither a selector nor
     * a list, every VirtualService of the cluster.
     *
     * @param virtualServiceSelector label selector, empty when not given
     * @param virtualServices        explicit references, empty when not given
     */
    public record HttpGateway(Map<String, String> virtualServiceSelector, List<ResourceRef> virtualServices) {
        public HttpGateway {
            virtualServiceSelector = Map.copyOf(virtualServiceSelector);
            virtualServices = List.copyOf(virtualServices);
        }
    }

    /**
     * {@code tcpGateway}.
     *
     * @param tcpHosts hosts (filter chains) in order
     */
    public record TcpGateway(List<TcpHost> tcpHosts) {
        public TcpGateway {
            tcpHosts = List.copyOf(tcpHosts);
        }
    }

    /**
     * One {@code tcpHosts[]} entry.
     *
     * @param name        name, used in stats
     * @param ssl         TLS termination, or null for plaintext
     * @param destination where connections go
     */
    public record TcpHost(String name, TcpSsl ssl, TcpDestination destination) {}

    /**
     * {@code tcpHosts[].sslConfig}.
     *
     * @param secretRef  server certificate, key and (optionally) the client CA
     * @param sniDomains SNI names accepted in addition to the failover targets
     * @param oneWayTls  accept clients without a certificate (must be explicit)
     * @param alpn       ALPN protocols offered; empty for the default {@code h2,http/1.1}
     */
    public record TcpSsl(ResourceRef secretRef, List<String> sniDomains, boolean oneWayTls, List<String> alpn) {
        public TcpSsl {
            sniDomains = List.copyOf(sniDomains);
            alpn = List.copyOf(alpn);
        }
    }

    /**
     * {@code tcpHosts[].destination}: either forward by SNI or to one upstream.
     *
     * @param forwardSniClusterName forward to the Envoy cluster named by the SNI
     * @param single                the one upstream to forward to, or null
     */
    public record TcpDestination(boolean forwardSniClusterName, ResourceRef single) {}
}
