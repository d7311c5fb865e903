package dev.spillway.api.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.RouteOptions;
import dev.spillway.api.model.VirtualService;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code gateway.solo.io/v1 VirtualService}. */
final class VirtualServiceDecoder {

    /** The domains of a virtual host that names none. */
    static final List<String> DEFAULT_DOMAINS = List.of("*");
    /** Route actions Gloo has and Spillway does not: a route with one of these is dropped. */
    private static final String[] UNSUPPORTED_ACTIONS = {"delegateAction", "graphqlApiRef"};
    /** Gloo's RedirectAction.RedirectResponseCode, by enum number, as the HTTP status Envoy sends. */
    private static final List<String> REDIRECT_CODES =
            List.of("MOVED_PERMANENTLY", "FOUND", "SEE_OTHER", "TEMPORARY_REDIRECT", "PERMANENT_REDIRECT");

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
        VirtualService.HostOptions options = host.object("options", RouteOptionsDecoder::host);
        host.notSupported("optionsConfigRefs");
        return new VirtualService(meta, domains.isEmpty() ? DEFAULT_DOMAINS : domains, routes, ssl, options);
    }

    /** A route, or null when it is dropped because its action is not supported. */
    private static VirtualService.Route route(NodeReader route, String namespace) {
        String name = route.string("name");
        List<VirtualService.Matcher> matchers = route.list("matchers", VirtualServiceDecoder::matcher);
        RouteOptions options = route.object("options", RouteOptionsDecoder::route);
        route.notSupported("inheritableMatchers", "inheritablePathMatchers");
        String[] actions = actionsWith("routeAction", "redirectAction", "directResponseAction");
        if (!route.atMostOne(actions)) {
            route.skip(actions);
            return null;
        }
        if (route.notSupportedWhenSet(UNSUPPORTED_ACTIONS)) {
            return null;
        }
        if (route.has("redirectAction") || route.has("directResponseAction")) {
            warnActionOnlyOptions(route, options);
        }
        if (route.has("redirectAction")) {
            VirtualService.Redirect redirect = route.object("redirectAction", VirtualServiceDecoder::redirect);
            return new VirtualService.Route(name, matchers, null, redirect, null, options);
        }
        if (route.has("directResponseAction")) {
            VirtualService.DirectResponse direct =
                    route.object("directResponseAction", VirtualServiceDecoder::directResponse);
            return new VirtualService.Route(name, matchers, null, null, direct, options);
        }
        VirtualService.RouteAction action = route.requiredObject("routeAction", a -> routeAction(a, namespace));
        return action == null ? null : new VirtualService.Route(name, matchers, action, null, null, options);
    }

    /**
     * Gloo's basicroute plugin skips routes whose action is not a routeAction (plugin.go ProcessRoute), and
     * Envoy has these fields only on RouteAction; header changes still apply.
     */
    private static void warnActionOnlyOptions(NodeReader route, RouteOptions options) {
        if (options == null) {
            return;
        }
        List<String> set = new java.util.ArrayList<>();
        if (options.retries() != null) set.add("retries");
        if (options.timeout() != null) set.add("timeout");
        if (options.idleTimeout() != null) set.add("idleTimeout");
        if (options.prefixRewrite() != null) set.add("prefixRewrite");
        if (options.regexRewrite() != null) set.add("regexRewrite");
        if (options.hostRewrite() != null || options.autoHostRewrite()) set.add("hostRewrite");
        // Gloo's cors plugin refuses them (InvalidRouteActionError); its faultinjection plugin marks only
        // routeAction destinations (pluginutils.MarkPerFilterConfig).
        if (options.cors() != null) set.add("cors");
        if (options.faults() != null) set.add("faults");
        for (String name : set) {
            route.warn("options." + name, "applies to routeAction routes only and was ignored");
        }
    }

    private static String[] actionsWith(String... supported) {
        String[] all = new String[UNSUPPORTED_ACTIONS.length + supported.length];
        System.arraycopy(supported, 0, all, 0, supported.length);
        System.arraycopy(UNSUPPORTED_ACTIONS, 0, all, supported.length, UNSUPPORTED_ACTIONS.length);
        return all;
    }

    /**
     * Gloo's RedirectAction as route_config.go setAction maps it: host, path or prefix, the response code
     * enum, https and strip-query; the response code is written by name or number, as protobuf JSON allows.
     */
    private static VirtualService.Redirect redirect(NodeReader redirect) {
        redirect.atMostOne("pathRedirect", "prefixRewrite", "regexRewrite");
        redirect.notSupported("regexRewrite", "portRedirect");
        String path = redirect.has("pathRedirect") ? redirect.string("pathRedirect") : null;
        String prefix = redirect.has("prefixRewrite") ? redirect.string("prefixRewrite") : null;
        int code = 0;
        JsonNode rawCode = redirect.raw("responseCode");
        if (rawCode != null) {
            int index = rawCode.isTextual()
                    ? REDIRECT_CODES.indexOf(rawCode.textValue())
                    : rawCode.isIntegralNumber() ? rawCode.intValue() : -1;
            if (index < 0 || index >= REDIRECT_CODES.size()) {
                redirect.error("responseCode", "must be one of " + String.join(", ", REDIRECT_CODES));
            } else {
                code = index;
            }
        }
        return new VirtualService.Redirect(
                redirect.string("hostRedirect"),
                path,
                prefix,
                REDIRECT_STATUS[code],
                redirect.bool("httpsRedirect"),
                redirect.bool("stripQuery"));
    }

    private static final int[] REDIRECT_STATUS = {301, 302, 303, 307, 308};

    /**
     * Gloo copies status and body (route_config.go setAction); Envoy's DirectResponseAction requires a status in
     * 200..599 (its PGV rule) and refuses a body over 4096 bytes unless the route configuration raises
     * max_direct_response_body_size_bytes (ConfigUtility::parseDirectResponseBody, config_impl.cc).
     */
    private static VirtualService.DirectResponse directResponse(NodeReader direct) {
        int status = direct.requiredIntegerIn("status", 200, 599);
        String body = direct.string("body");
        if (body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_DIRECT_BODY_BYTES) {
            direct.error(
                    "body",
                    "is longer than " + MAX_DIRECT_BODY_BYTES
                            + " bytes: Envoy rejects a direct response body past its default limit");
        }
        return new VirtualService.DirectResponse(status, body);
    }

    /** Envoy's DEFAULT_MAX_DIRECT_RESPONSE_BODY_SIZE_BYTES (source/common/router/config_impl.cc). */
    static final int MAX_DIRECT_BODY_BYTES = 4096;

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
    static String regex(NodeReader reader, String name) {
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
