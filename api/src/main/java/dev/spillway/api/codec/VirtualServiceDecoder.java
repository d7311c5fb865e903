package dev.spillway.api.codec;

import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.VirtualService;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code gateway.solo.io/v1 VirtualService}. */
final class VirtualServiceDecoder {

    /** The domains of a virtual host that names none. */
    static final List<String> DEFAULT_DOMAINS = List.of("*");
    /** Route actions Gloo has and Spillway does not: a route with one of these is dropped. */
    private static final String[] UNSUPPORTED_ACTIONS = {
        "redirectAction", "directResponseAction", "delegateAction", "graphqlApiRef"
    };

    private VirtualServiceDecoder() {}

    static VirtualService decode(NodeReader document, ObjectMeta meta) {
        return document.requiredObject("spec", spec -> {
            spec.notSupported("options");
            spec.skip("displayName");
            VirtualService.DownstreamSsl ssl =
                    spec.object("sslConfig", s -> SslDecoder.downstream(s, meta.namespace()));
            return spec.requiredObject("virtualHost", host -> virtualHost(host, meta, ssl));
        });
    }

    private static VirtualService virtualHost(NodeReader host, ObjectMeta meta, VirtualService.DownstreamSsl ssl) {
        List<String> domains = host.strings("domains");
        List<VirtualService.Route> routes = host.list("routes", route -> route(route, meta.namespace()));
        host.notSupported("options", "optionsConfigRefs");
        return new VirtualService(meta, domains.isEmpty() ? DEFAULT_DOMAINS : domains, routes, ssl);
    }

    /** A route, or null when it is dropped because its action is not supported. */
    private static VirtualService.Route route(NodeReader route, String namespace) {
        route.skip("name");
        List<VirtualService.Matcher> matchers = route.list("matchers", VirtualServiceDecoder::matcher);
        route.notSupported("options", "inheritableMatchers", "inheritablePathMatchers");
        if (!route.atMostOne(actionsWith("routeAction"))) {
            return null;
        }
        if (route.notSupportedWhenSet(UNSUPPORTED_ACTIONS)) {
            return null;
        }
        VirtualService.RouteAction action = route.requiredObject("routeAction", a -> routeAction(a, namespace));
        return action == null ? null : new VirtualService.Route(matchers, action);
    }

    private static String[] actionsWith(String first) {
        String[] all = new String[UNSUPPORTED_ACTIONS.length + 1];
        all[0] = first;
        System.arraycopy(UNSUPPORTED_ACTIONS, 0, all, 1, UNSUPPORTED_ACTIONS.length);
        return all;
    }

    private static VirtualService.Matcher matcher(NodeReader matcher) {
        matcher.atMostOne("prefix", "exact", "regex");
        VirtualService.PathKind kind = VirtualService.PathKind.PREFIX;
        String path = "/";
        if (matcher.has("exact")) {
            kind = VirtualService.PathKind.EXACT;
            path = matcher.string("exact");
        } else if (matcher.has("regex")) {
            kind = VirtualService.PathKind.REGEX;
            path = regex(matcher, "regex");
        } else if (matcher.has("prefix")) {
            path = matcher.string("prefix");
        }
        matcher.skip("prefix", "exact", "regex");
        List<VirtualService.HeaderMatcher> headers = matcher.list("headers", VirtualServiceDecoder::header);
        List<String> methods = matcher.strings("methods");
        if (matcher.has("caseSensitive") && !matcher.bool("caseSensitive")) {
            matcher.warn("caseSensitive", NodeReader.NOT_SUPPORTED);
        }
        matcher.notSupported("queryParameters");
        return new VirtualService.Matcher(kind, path, headers, methods);
    }

    private static VirtualService.HeaderMatcher header(NodeReader header) {
        String name = header.requiredString("name");
        boolean regex = header.bool("regex");
        String value = regex ? regex(header, "value") : header.string("value");
        return new VirtualService.HeaderMatcher(name, value, regex, header.bool("invertMatch"));
    }

    /** A string field that must compile as a regular expression. */
    private static String regex(NodeReader reader, String name) {
        String regex = reader.string(name);
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            reader.error(name, "is not a valid regular expression: " + e.getDescription());
        }
        return regex;
    }

    /** A routeAction, or null when it only uses forms Spillway does not support (the route is dropped). */
    private static VirtualService.RouteAction routeAction(NodeReader action, String namespace) {
        boolean unsupported = action.notSupportedWhenSet("upstreamGroup", "clusterHeader", "dynamicForwardProxy");
        if (unsupported && !action.has("single") && !action.has("multi")) {
            return null;
        }
        if (!action.exactlyOne("single", "multi")) {
            return null;
        }
        if (action.has("single")) {
            ResourceRef upstream = action.object("single", single -> GatewayDecoder.upstreamOf(single, namespace));
            return new VirtualService.RouteAction(List.of(new VirtualService.Destination(upstream, 0)), false);
        }
        List<VirtualService.Destination> destinations =
                action.object("multi", multi -> multi.nonEmptyList("destinations", d -> weighted(d, namespace)));
        return new VirtualService.RouteAction(destinations == null ? List.of() : destinations, true);
    }

    private static VirtualService.Destination weighted(NodeReader weighted, String namespace) {
        ResourceRef upstream = weighted.requiredObject("destination", d -> GatewayDecoder.upstreamOf(d, namespace));
        int weight = weighted.requiredIntegerAtLeast("weight", 1);
        weighted.notSupported("options");
        return new VirtualService.Destination(upstream, weight);
    }
}
