package dev.spillway.api.codec;

import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ResourceRef;
import java.util.List;
import java.util.Map;

/** {@code gateway.solo.io/v1 Gateway}. */
final class GatewayDecoder {

    /** The address a Gateway binds when it names none: every IPv6 and (with ipv4_compat) IPv4 address. */
    static final String DEFAULT_BIND_ADDRESS = "::";
    /** The proxies a Gateway belongs to when it names none. */
    static final List<String> DEFAULT_PROXY_NAMES = List.of("gateway-proxy");

    private GatewayDecoder() {}

    static Gateway decode(NodeReader document, ObjectMeta meta) {
        return document.requiredObject("spec", spec -> spec(spec, meta));
    }

    private static Gateway spec(NodeReader spec, ObjectMeta meta) {
        spec.atMostOne("httpGateway", "tcpGateway");
        String bindAddress = spec.string("bindAddress");
        int bindPort = spec.requiredPort("bindPort");
        List<String> proxyNames = spec.strings("proxyNames");
        Gateway.HttpGateway http = spec.object("httpGateway", h -> http(h, meta.namespace()));
        Gateway.TcpGateway tcp = spec.object("tcpGateway", t -> tcp(t, meta.namespace()));
        if (http == null && tcp == null) {
            // Gloo: a Gateway of neither type is an HTTP gateway serving every VirtualService.
            http = new Gateway.HttpGateway(Map.of(), List.of());
        }
        boolean ssl = spec.bool("ssl");
        if (ssl && tcp != null) {
            // Gloo reads ssl only for HTTP gateways; a tcpHost terminates TLS through its own sslConfig.
            spec.warn("ssl", "applies to httpGateway only; tcpHosts use their own sslConfig (ignored)");
            ssl = false;
        }
        spec.notSupported("options", "useProxyProto", "hybridGateway", "routeOptions");
        return new Gateway(
                meta,
                bindAddress.isEmpty() ? DEFAULT_BIND_ADDRESS : bindAddress,
                bindPort,
                proxyNames.isEmpty() ? DEFAULT_PROXY_NAMES : proxyNames,
                http,
                tcp,
                ssl);
    }

    private static Gateway.HttpGateway http(NodeReader http, String namespace) {
        List<ResourceRef> virtualServices = http.list("virtualServices", ref -> ref.refHere(namespace));
        http.notSupported("virtualServiceNamespaces", "virtualServiceExpressions", "options");
        return new Gateway.HttpGateway(http.stringMap("virtualServiceSelector"), virtualServices);
    }

    private static Gateway.TcpGateway tcp(NodeReader tcp, String namespace) {
        List<Gateway.TcpHost> hosts = tcp.nonEmptyList("tcpHosts", host -> tcpHost(host, namespace));
        tcp.notSupported("options");
        return new Gateway.TcpGateway(hosts);
    }

    private static Gateway.TcpHost tcpHost(NodeReader host, String namespace) {
        String name = host.requiredString("name");
        Gateway.TcpSsl ssl = host.object("sslConfig", s -> ssl(s, namespace));
        Gateway.TcpDestination destination = host.requiredObject("destination", d -> destination(d, namespace));
        return new Gateway.TcpHost(name, ssl, destination);
    }

    private static Gateway.TcpSsl ssl(NodeReader ssl, String namespace) {
        ResourceRef secretRef = ssl.requiredRef("secretRef", namespace);
        ssl.notSupported(
                "sslFiles",
                "sds",
                "verifySubjectAltName",
                "parameters",
                "disableTlsSessionResumption",
                "transportSocketConnectTimeout",
                "ocspStaplePolicy");
        return new Gateway.TcpSsl(
                secretRef, ssl.strings("sniDomains"), ssl.bool("oneWayTls"), ssl.strings("alpnProtocols"));
    }

    private static Gateway.TcpDestination destination(NodeReader destination, String namespace) {
        destination.notSupportedWhenSet("multi", "upstreamGroup");
        destination.exactlyOne("forwardSniClusterName", "single");
        boolean forwardSni = destination.object("forwardSniClusterName", empty -> Boolean.TRUE) != null;
        ResourceRef single = destination.object("single", s -> upstreamOf(s, namespace));
        return new Gateway.TcpDestination(forwardSni, single);
    }

    /** A Gloo Destination: only the {@code upstream} form is implemented. */
    static ResourceRef upstreamOf(NodeReader destination, String namespace) {
        destination.notSupportedWhenSet("kube", "consul");
        destination.notSupported("destinationSpec", "subset");
        return destination.requiredRef("upstream", namespace);
    }
}
