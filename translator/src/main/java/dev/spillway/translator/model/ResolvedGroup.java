package dev.spillway.translator.model;

import dev.spillway.api.model.ProxyGroup;
import java.util.List;

/**
 * Everything one proxy group is to receive, with references bound and conflicts settled. No Envoy
 * types: the xds stage turns it into protos without further decisions.
 *
 * @param group          the proxy group
 * @param httpListeners  HTTP listeners by name
 * @param tcpListeners   TLS-terminating TCP listeners by name
 * @param clusters       upstream clusters by name
 * @param secrets        SDS secrets by name
 * @param apiListeners   API listeners for proxyless gRPC clients, by name
 */
public record ResolvedGroup(
        ProxyGroup group,
        List<HttpListener> httpListeners,
        List<TcpListener> tcpListeners,
        List<UpstreamCluster> clusters,
        List<SdsSecret> secrets,
        List<ApiListener> apiListeners) {
    public ResolvedGroup {
        apiListeners = List.copyOf(apiListeners);
        httpListeners = List.copyOf(httpListeners);
        tcpListeners = List.copyOf(tcpListeners);
        clusters = List.copyOf(clusters);
        secrets = List.copyOf(secrets);
    }

    /** A gateway proxy group: listeners on sockets, no API listeners. */
    public ResolvedGroup(
            ProxyGroup group,
            List<HttpListener> httpListeners,
            List<TcpListener> tcpListeners,
            List<UpstreamCluster> clusters,
            List<SdsSecret> secrets) {
        this(group, httpListeners, tcpListeners, clusters, secrets, List.of());
    }
}
