package dev.spillway.api.codec;

import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.HttpOptions;
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
        List<Gateway.LabelExpression> expressions =
                http.object("virtualServiceExpressions", e -> e.list("expressions", GatewayDecoder::labelExpression));
        HttpOptions options = http.object("options", HttpOptionsDecoder::decode);
        return new Gateway.HttpGateway(
                http.stringMap("virtualServiceSelector"),
                virtualServices,
                http.strings("virtualServiceNamespaces"),
                expressions,
                options);
    }

    /**
     * Gloo builds a Kubernetes label requirement (labels.NewRequirement) and reports an error on the Gateway
     * when it is invalid: In and NotIn need values, Exists and DoesNotExist none, the others exactly one
     * (an integer for GreaterThan and LessThan).
     */
    private static Gateway.LabelExpression labelExpression(NodeReader expression) {
        String key = expression.requiredString("key");
        Gateway.LabelExpression.Operator operator = Gateway.LabelExpression.Operator.Equals;
        String name = expression.string("operator", "Equals");
        try {
            operator = Gateway.LabelExpression.Operator.valueOf(name);
        } catch (IllegalArgumentException e) {
            expression.error(
                    "operator",
                    name + " is not one of " + java.util.Arrays.toString(Gateway.LabelExpression.Operator.values()));
        }
        List<String> values = expression.strings("values");
        String fault = switch (operator) {
            case In, NotIn -> values.isEmpty() ? "needs at least one value" : null;
            case Exists, DoesNotExist -> values.isEmpty() ? null : "takes no values";
            case GreaterThan, LessThan ->
                values.size() != 1 || !values.get(0).matches("-?[0-9]+") ? "needs exactly one integer value" : null;
            default -> values.size() == 1 ? null : "needs exactly one value";
        };
        if (fault != null) {
            expression.error("values", "for " + operator + " " + fault);
        }
        return new Gateway.LabelExpression(key, operator, values);
    }

    private static Gateway.TcpGateway tcp(NodeReader tcp, String namespace) {
        List<Gateway.TcpHost> hosts = tcp.nonEmptyList("tcpHosts", host -> tcpHost(host, namespace));
        Gateway.TcpProxySettings settings = tcp.object("options", options -> {
            Gateway.TcpProxySettings s = options.object("tcpProxySettings", GatewayDecoder::tcpProxySettings);
            options.notSupportedRest();
            return s;
        });
        return new Gateway.TcpGateway(hosts, settings);
    }

    /**
     * Gloo's tcp plugin (projects/gloo/pkg/plugins/tcp/plugin.go tcpProxyFilters) copies maxConnectAttempts and
     * idleTimeout; Envoy's PGV rule on max_connect_attempts is at least 1.
     */
    private static Gateway.TcpProxySettings tcpProxySettings(NodeReader settings) {
        Gateway.TcpProxySettings s = new Gateway.TcpProxySettings(
                settings.integerAtLeast("maxConnectAttempts", 1), settings.duration("idleTimeout"));
        settings.notSupportedRest();
        return s;
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
        destination.notSupportedWhenSet("upstreamGroup");
        destination.exactlyOne("forwardSniClusterName", "single", "multi");
        boolean forwardSni = destination.object("forwardSniClusterName", empty -> Boolean.TRUE) != null;
        ResourceRef single = destination.object("single", s -> upstreamOf(s, namespace));
        List<dev.spillway.api.model.VirtualService.Destination> multi =
                destination.object("multi", m -> m.nonEmptyList("destinations", d -> weighted(d, namespace)));
        return new Gateway.TcpDestination(forwardSni, single, multi == null ? List.of() : multi);
    }

    private static dev.spillway.api.model.VirtualService.Destination weighted(NodeReader weighted, String namespace) {
        ResourceRef upstream = weighted.requiredObject("destination", d -> upstreamOf(d, namespace));
        // Envoy's PGV rule on tcp_proxy weighted cluster weights: at least 1.
        int weight = weighted.requiredIntegerAtLeast("weight", 1);
        weighted.notSupported("options");
        return new dev.spillway.api.model.VirtualService.Destination(upstream, weight);
    }

    /** A Gloo Destination: only the {@code upstream} form is implemented. */
    static ResourceRef upstreamOf(NodeReader destination, String namespace) {
        destination.notSupportedWhenSet("kube", "consul");
        destination.notSupported("destinationSpec", "subset");
        return destination.requiredRef("upstream", namespace);
    }
}
