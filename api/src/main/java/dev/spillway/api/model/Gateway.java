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

    @Override
    public Gateway withMeta(ObjectMeta m) {
        return new Gateway(m, bindAddress, bindPort, proxyNames, http, tcp, ssl);
    }

    /**
     * {@code httpGateway}: which VirtualServices this listener serves, as Gloo selects them
     * (HttpGatewayContainsVirtualService, projects/gateway/pkg/translator/virtual_service_translator.go):
     * by {@code virtualServiceExpressions} when given, else by a non-empty {@code virtualServiceSelector},
     * else the listed {@code virtualServices}, else every VirtualService; the first two and the last are
     * narrowed to {@code virtualServiceNamespaces}.
     *
     * @param virtualServiceSelector    label selector, empty when not given
     * @param virtualServices           explicit references, empty when not given
     * @param virtualServiceNamespaces  namespaces searched, empty or {@code *} for all
     * @param virtualServiceExpressions label expressions (all must hold), or null when not given
     * @param options                   {@code options}
     */
    public record HttpGateway(
            Map<String, String> virtualServiceSelector,
            List<ResourceRef> virtualServices,
            List<String> virtualServiceNamespaces,
            List<LabelExpression> virtualServiceExpressions,
            HttpOptions options) {
        public HttpGateway {
            virtualServiceSelector = Map.copyOf(virtualServiceSelector);
            virtualServices = List.copyOf(virtualServices);
            virtualServiceNamespaces = List.copyOf(virtualServiceNamespaces);
            virtualServiceExpressions =
                    virtualServiceExpressions == null ? null : List.copyOf(virtualServiceExpressions);
            options = options == null ? HttpOptions.DEFAULT : options;
        }

        /** Selection by labels or references only, default options. */
        public HttpGateway(Map<String, String> virtualServiceSelector, List<ResourceRef> virtualServices) {
            this(virtualServiceSelector, virtualServices, List.of(), null, HttpOptions.DEFAULT);
        }
    }

    /**
     * One {@code virtualServiceExpressions.expressions[]} entry, a Kubernetes label requirement.
     *
     * @param key      label key
     * @param operator how the label is compared
     * @param values   values compared with
     */
    public record LabelExpression(String key, Operator operator, List<String> values) {
        public LabelExpression {
            values = List.copyOf(values);
        }

        /** Gloo's VirtualServiceSelectorExpressions.Expression.Operator, in its enum order. */
        public enum Operator {
            Equals,
            DoubleEquals,
            NotEquals,
            In,
            NotIn,
            Exists,
            DoesNotExist,
            GreaterThan,
            LessThan
        }
    }

    /**
     * {@code tcpGateway}.
     *
     * @param tcpHosts hosts (filter chains) in order
     * @param settings {@code options.tcpProxySettings}
     */
    public record TcpGateway(List<TcpHost> tcpHosts, TcpProxySettings settings) {
        public TcpGateway {
            tcpHosts = List.copyOf(tcpHosts);
            settings = settings == null ? TcpProxySettings.NONE : settings;
        }

        /** Hosts without proxy settings. */
        public TcpGateway(List<TcpHost> tcpHosts) {
            this(tcpHosts, TcpProxySettings.NONE);
        }
    }

    /**
     * {@code tcpGateway.options.tcpProxySettings} (Gloo's tcp plugin copies them onto every tcp_proxy).
     *
     * @param maxConnectAttempts attempts to connect upstream, at least 1; null for Envoy's 1
     * @param idleTimeout        idle timeout of a connection; null for Envoy's 1h
     */
    public record TcpProxySettings(Integer maxConnectAttempts, java.time.Duration idleTimeout) {
        /** Envoy's defaults. */
        public static final TcpProxySettings NONE = new TcpProxySettings(null, null);
    }

    /**
     * One {@code tcpHosts[]} entry.
     *
     * @param name        name, used in stats
     * @param ssl         TLS termination, or null for plain TCP
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
     * {@code tcpHosts[].destination}: forward by SNI, to one upstream, or to weighted upstreams.
     *
     * @param forwardSniClusterName forward to the Envoy cluster named by the SNI
     * @param single                the one upstream to forward to, or null
     * @param multi                 weighted upstreams ({@code multi.destinations}), empty when not given
     */
    public record TcpDestination(
            boolean forwardSniClusterName, ResourceRef single, List<VirtualService.Destination> multi) {
        public TcpDestination {
            multi = List.copyOf(multi);
        }

        /** Forward by SNI or to one upstream. */
        public TcpDestination(boolean forwardSniClusterName, ResourceRef single) {
            this(forwardSniClusterName, single, List.of());
        }
    }
}
