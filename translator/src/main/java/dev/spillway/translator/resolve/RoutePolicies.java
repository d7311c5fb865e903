package dev.spillway.translator.resolve;

import dev.spillway.api.model.RouteOptions;
import dev.spillway.api.model.VirtualService;
import dev.spillway.translator.model.RoutePolicy;

/** Gloo's route and virtual host options, and its redirect and direct response actions, as model values. */
final class RoutePolicies {
    private RoutePolicies() {}

    static RoutePolicy of(RouteOptions o) {
        return new RoutePolicy(
                retry(o.retries()),
                o.timeout(),
                o.idleTimeout(),
                o.prefixRewrite(),
                o.regexRewrite() == null
                        ? null
                        : new RoutePolicy.RegexRewrite(
                                o.regexRewrite().regex(), o.regexRewrite().substitution()),
                o.hostRewrite(),
                o.autoHostRewrite(),
                headers(o.headers()),
                cors(o.cors()),
                fault(o.faults()));
    }

    /** Gloo's translateCommonUserCorsConfig (cors/plugin.go): list fields joined by commas. */
    static RoutePolicy.Cors cors(RouteOptions.Cors c) {
        return c == null
                ? null
                : new RoutePolicy.Cors(
                        c.allowOrigin(),
                        c.allowOriginRegex(),
                        String.join(",", c.allowMethods()),
                        String.join(",", c.allowHeaders()),
                        String.join(",", c.exposeHeaders()),
                        c.maxAge(),
                        c.allowCredentials(),
                        c.disableForRoute());
    }

    private static RoutePolicy.Fault fault(RouteOptions.Faults f) {
        if (f == null) {
            return null;
        }
        RoutePolicy.FaultAbort abort = f.abort() == null
                ? null
                : new RoutePolicy.FaultAbort(f.abort().percentage(), f.abort().httpStatus());
        RoutePolicy.FaultDelay delay = f.delay() == null
                ? null
                : new RoutePolicy.FaultDelay(f.delay().percentage(), f.delay().fixedDelay());
        return new RoutePolicy.Fault(abort, delay);
    }

    static RoutePolicy.Retry retry(RouteOptions.Retries r) {
        return r == null
                ? null
                : new RoutePolicy.Retry(
                        r.retryOn(),
                        r.numRetries(),
                        r.perTryTimeout(),
                        r.baseInterval(),
                        r.maxInterval(),
                        r.previousPriorities(),
                        r.retriableStatusCodes());
    }

    static RoutePolicy.HeaderRules headers(RouteOptions.HeaderManipulation h) {
        return h == null
                ? null
                : new RoutePolicy.HeaderRules(
                        h.requestHeadersToAdd().stream()
                                .map(RoutePolicies::value)
                                .toList(),
                        h.requestHeadersToRemove(),
                        h.responseHeadersToAdd().stream()
                                .map(RoutePolicies::value)
                                .toList(),
                        h.responseHeadersToRemove());
    }

    private static RoutePolicy.HeaderValue value(RouteOptions.HeaderValue v) {
        return new RoutePolicy.HeaderValue(v.key(), v.value(), v.append());
    }

    static RoutePolicy.Redirect redirect(VirtualService.Redirect r) {
        return r == null
                ? null
                : new RoutePolicy.Redirect(
                        r.hostRedirect(),
                        r.pathRedirect(),
                        r.prefixRewrite(),
                        r.responseCode(),
                        r.httpsRedirect(),
                        r.stripQuery());
    }

    static RoutePolicy.DirectResponse directResponse(VirtualService.DirectResponse d) {
        return d == null ? null : new RoutePolicy.DirectResponse(d.status(), d.body());
    }
}
