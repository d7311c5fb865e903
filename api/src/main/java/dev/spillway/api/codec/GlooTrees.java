package dev.spillway.api.codec;

import static dev.spillway.api.codec.ResourceEncoder.NODES;
import static dev.spillway.api.codec.ResourceEncoder.putIfNotEmpty;
import static dev.spillway.api.codec.ResourceEncoder.ref;
import static dev.spillway.api.codec.ResourceEncoder.stringMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The {@code spec} trees of Upstreams, Gateways and VirtualServices, in Gloo's field names. */
final class GlooTrees {

    private GlooTrees() {}

    static ObjectNode virtualService(VirtualService vs) {
        ObjectNode spec = NODES.objectNode();
        if (vs.ssl() != null) {
            spec.set("sslConfig", SslTrees.downstream(vs.ssl()));
        }
        ObjectNode host = spec.putObject("virtualHost");
        strings(host.putArray("domains"), vs.domains());
        ArrayNode routes = host.putArray("routes");
        for (VirtualService.Route route : vs.routes()) {
            ObjectNode r = routes.addObject();
            putIfNotEmpty(r, "name", route.name());
            if (!route.matchers().isEmpty()) {
                ArrayNode matchers = r.putArray("matchers");
                route.matchers().forEach(m -> matchers.add(matcher(m)));
            }
            if (route.action() != null) {
                r.set("routeAction", routeAction(route.action()));
            } else if (route.directResponse() != null) {
                ObjectNode direct = r.putObject("directResponseAction");
                direct.put("status", route.directResponse().status());
                putIfNotEmpty(direct, "body", route.directResponse().body());
            } else if (route.redirect() != null) {
                r.set("redirectAction", redirect(route.redirect()));
            }
        }
        return spec;
    }

    private static ObjectNode matcher(VirtualService.Matcher matcher) {
        ObjectNode node = NODES.objectNode();
        node.put(matcher.pathKind().name().toLowerCase(Locale.ROOT), matcher.path());
        if (!matcher.headers().isEmpty()) {
            ArrayNode headers = node.putArray("headers");
            for (VirtualService.HeaderMatcher h : matcher.headers()) {
                ObjectNode header = headers.addObject();
                header.put("name", h.name());
                putIfNotEmpty(header, "value", h.value());
                putIfTrue(header, "regex", h.regex());
                putIfTrue(header, "invertMatch", h.invertMatch());
            }
        }
        if (!matcher.methods().isEmpty()) {
            strings(node.putArray("methods"), matcher.methods());
        }
        return node;
    }

    private static ObjectNode redirect(VirtualService.Redirect redirect) {
        ObjectNode node = NODES.objectNode();
        putIfNotEmpty(node, "hostRedirect", redirect.hostRedirect());
        if (redirect.pathRedirect() != null) {
            node.put("pathRedirect", redirect.pathRedirect());
        }
        if (redirect.prefixRewrite() != null) {
            node.put("prefixRewrite", redirect.prefixRewrite());
        }
        int code = java.util.Arrays.asList(301, 302, 303, 307, 308).indexOf(redirect.responseCode());
        if (code > 0) {
            node.put("responseCode", code);
        }
        putIfTrue(node, "httpsRedirect", redirect.httpsRedirect());
        putIfTrue(node, "stripQuery", redirect.stripQuery());
        return node;
    }

    private static ObjectNode routeAction(VirtualService.RouteAction action) {
        ObjectNode node = NODES.objectNode();
        if (!action.weighted()) {
            node.set("single", upstream(action.destinations().get(0).upstream()));
            return node;
        }
        ArrayNode destinations = node.putObject("multi").putArray("destinations");
        for (VirtualService.Destination d : action.destinations()) {
            ObjectNode weighted = destinations.addObject();
            weighted.set("destination", upstream(d.upstream()));
            weighted.put("weight", d.weight());
        }
        return node;
    }

    private static ObjectNode upstream(ResourceRef ref) {
        ObjectNode node = NODES.objectNode();
        node.set("upstream", ref(ref));
        return node;
    }

    static ObjectNode gateway(Gateway gateway) {
        ObjectNode spec = NODES.objectNode();
        spec.put("bindAddress", gateway.bindAddress());
        spec.put("bindPort", gateway.bindPort());
        strings(spec.putArray("proxyNames"), gateway.proxyNames());
        putIfTrue(spec, "ssl", gateway.ssl());
        if (gateway.http() != null) {
            ObjectNode http = spec.putObject("httpGateway");
            if (!gateway.http().virtualServiceSelector().isEmpty()) {
                http.set("virtualServiceSelector", stringMap(gateway.http().virtualServiceSelector()));
            }
            if (!gateway.http().virtualServices().isEmpty()) {
                gateway.http()
                        .virtualServices()
                        .forEach(vs -> http.withArray("virtualServices").add(ref(vs)));
            }
            if (!gateway.http().virtualServiceNamespaces().isEmpty()) {
                strings(
                        http.putArray("virtualServiceNamespaces"),
                        gateway.http().virtualServiceNamespaces());
            }
        }
        if (gateway.tcp() != null) {
            ArrayNode hosts = spec.putObject("tcpGateway").putArray("tcpHosts");
            gateway.tcp().tcpHosts().forEach(h -> hosts.add(tcpHost(h)));
        }
        return spec;
    }

    private static ObjectNode tcpHost(Gateway.TcpHost host) {
        ObjectNode node = NODES.objectNode();
        node.put("name", host.name());
        if (host.ssl() != null) {
            ObjectNode ssl = node.putObject("sslConfig");
            ssl.set("secretRef", ref(host.ssl().secretRef()));
            if (!host.ssl().sniDomains().isEmpty()) {
                strings(ssl.putArray("sniDomains"), host.ssl().sniDomains());
            }
            putIfTrue(ssl, "oneWayTls", host.ssl().oneWayTls());
            if (!host.ssl().alpn().isEmpty()) {
                strings(ssl.putArray("alpnProtocols"), host.ssl().alpn());
            }
        }
        ObjectNode destination = node.putObject("destination");
        if (host.destination().forwardSniClusterName()) {
            destination.putObject("forwardSniClusterName");
        } else if (host.destination().single() != null) {
            destination.set("single", upstream(host.destination().single()));
        } else {
            ArrayNode destinations = destination.putObject("multi").putArray("destinations");
            for (VirtualService.Destination d : host.destination().multi()) {
                ObjectNode weighted = destinations.addObject();
                weighted.set("destination", upstream(d.upstream()));
                weighted.put("weight", d.weight());
            }
        }
        return node;
    }

    static ObjectNode upstream(Upstream upstream) {
        ObjectNode spec = NODES.objectNode();
        if (upstream.kube() != null) {
            ObjectNode kube = spec.putObject("kube");
            kube.put("serviceName", upstream.kube().serviceName());
            kube.put("serviceNamespace", upstream.kube().serviceNamespace());
            kube.put("servicePort", upstream.kube().servicePort());
            if (!upstream.kube().selector().isEmpty()) {
                kube.set("selector", stringMap(upstream.kube().selector()));
            }
        }
        if (upstream.statics() != null) {
            ObjectNode statics = spec.putObject("static");
            ArrayNode hosts = statics.putArray("hosts");
            for (HostPort h : upstream.statics().hosts()) {
                hosts.addObject().put("addr", h.address()).put("port", h.port());
            }
            statics.put("useTls", upstream.statics().useTls());
        }
        if (!upstream.healthChecks().isEmpty()) {
            ArrayNode checks = spec.putArray("healthChecks");
            upstream.healthChecks().forEach(hc -> checks.add(HealthCheckTrees.healthCheck(hc)));
        }
        if (upstream.connectTimeout() != null) {
            putDuration(spec.putObject("connectionConfig"), "connectTimeout", upstream.connectTimeout());
        }
        if (upstream.ssl() != null) {
            spec.set("sslConfig", SslTrees.upstream(upstream.ssl()));
        }
        if (upstream.outlierDetection() != null) {
            Upstream.OutlierDetection od = upstream.outlierDetection();
            ObjectNode node = spec.putObject("outlierDetection");
            putIfSet(node, "consecutive5xx", od.consecutive5xx());
            putDuration(node, "interval", od.interval());
            putDuration(node, "baseEjectionTime", od.baseEjectionTime());
            putIfSet(node, "maxEjectionPercent", od.maxEjectionPercent());
            putIfSet(node, "enforcingConsecutive5xx", od.enforcingConsecutive5xx());
            putIfSet(node, "enforcingSuccessRate", od.enforcingSuccessRate());
            putIfSet(node, "successRateMinimumHosts", od.successRateMinimumHosts());
            putIfSet(node, "successRateRequestVolume", od.successRateRequestVolume());
            putIfSet(node, "successRateStdevFactor", od.successRateStdevFactor());
            putIfSet(node, "consecutiveGatewayFailure", od.consecutiveGatewayFailure());
            putIfSet(node, "enforcingConsecutiveGatewayFailure", od.enforcingConsecutiveGatewayFailure());
            putIfTrue(node, "splitExternalLocalOriginErrors", od.splitExternalLocalOriginErrors());
            putIfSet(node, "consecutiveLocalOriginFailure", od.consecutiveLocalOriginFailure());
            putIfSet(node, "enforcingConsecutiveLocalOriginFailure", od.enforcingConsecutiveLocalOriginFailure());
            putIfSet(node, "enforcingLocalOriginSuccessRate", od.enforcingLocalOriginSuccessRate());
        }
        if (upstream.circuitBreakers() != null) {
            Upstream.CircuitBreakers cb = upstream.circuitBreakers();
            ObjectNode node = spec.putObject("circuitBreakers");
            putIfSet(node, "maxConnections", cb.maxConnections());
            putIfSet(node, "maxPendingRequests", cb.maxPendingRequests());
            putIfSet(node, "maxRequests", cb.maxRequests());
            putIfSet(node, "maxRetries", cb.maxRetries());
        }
        return spec;
    }

    static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    static void putIfTrue(ObjectNode node, String field, boolean value) {
        if (value) {
            node.put(field, true);
        }
    }

    static void putIfSet(ObjectNode node, String field, Integer value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    static void putDuration(ObjectNode node, String field, Duration value) {
        if (value != null) {
            node.put(field, Durations.format(value));
        }
    }
}
