package dev.spillway.api.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.api.model.RouteOptions;
import dev.spillway.api.model.VirtualService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gloo's {@code routes[].options} and {@code virtualHost.options}: the fields Spillway maps, each as
 * Gloo's plugin maps it (projects/gloo/pkg/plugins/basicroute/plugin.go, .../headers/plugin.go); every
 * other option that is set is a Warning.
 */
final class RouteOptionsDecoder {
    private RouteOptionsDecoder() {}

    static RouteOptions route(NodeReader options) {
        RouteOptions.Retries retries = options.object("retries", RouteOptionsDecoder::retries);
        Duration timeout = options.duration("timeout");
        Duration idleTimeout = options.duration("idleTimeout");
        // Gloo's prefixRewrite is a StringValue: "" is set, and rewrites the matched prefix to nothing.
        String prefixRewrite = options.has("prefixRewrite") ? options.string("prefixRewrite") : null;
        RouteOptions.RegexRewrite regexRewrite = options.object("regexRewrite", RouteOptionsDecoder::regexRewrite);
        // RouteRules / RouteEntryImplBase (config_impl.cc): "Specify only one of prefix_rewrite, regex_rewrite
        // or path_rewrite_policy".
        if (prefixRewrite != null && !prefixRewrite.isEmpty() && regexRewrite != null) {
            options.error("regexRewrite", "cannot be combined with prefixRewrite: Envoy takes only one path rewrite");
        }
        options.atMostOne("hostRewrite", "autoHostRewrite");
        String hostRewrite = options.has("hostRewrite") ? options.string("hostRewrite") : null;
        boolean autoHostRewrite = options.bool("autoHostRewrite");
        RouteOptions.HeaderManipulation headers =
                options.object("headerManipulation", RouteOptionsDecoder::headerManipulation);
        RouteOptions.Cors cors = options.object("cors", CorsDecoder::route);
        RouteOptions.Faults faults = options.object("faults", RouteOptionsDecoder::faults);
        options.notSupportedRest();
        return new RouteOptions(
                retries,
                timeout,
                idleTimeout,
                prefixRewrite,
                regexRewrite,
                hostRewrite,
                autoHostRewrite,
                headers,
                cors,
                faults);
    }

    static VirtualService.HostOptions host(NodeReader options) {
        RouteOptions.Retries retries = options.object("retries", RouteOptionsDecoder::retries);
        RouteOptions.HeaderManipulation headers =
                options.object("headerManipulation", RouteOptionsDecoder::headerManipulation);
        RouteOptions.Cors cors = options.object("cors", CorsDecoder::virtualHost);
        options.notSupportedRest();
        return new VirtualService.HostOptions(retries, headers, cors);
    }

    /**
     * Gloo's RouteFaults, as its faultinjection plugin maps them (plugin.go toEnvoyAbort, toEnvoyDelay): a
     * percentage of requests aborted with an HTTP status, or delayed by a fixed time. Envoy's HTTPFault rules:
     * {@code http_status} in [200, 600), {@code fixed_delay} above zero (extensions/filters/http/fault/v3 and
     * filters/common/fault/v3 PGV).
     */
    private static RouteOptions.Faults faults(NodeReader faults) {
        RouteOptions.Abort abort = faults.object("abort", a -> {
            Double percentage = a.percentage("percentage", true);
            int status = a.requiredIntegerIn("httpStatus", 200, 599);
            return new RouteOptions.Abort(percentage == null ? 0 : percentage, status);
        });
        RouteOptions.Delay delay = faults.object("delay", d -> {
            Double percentage = d.percentage("percentage", true);
            Duration fixed = d.requiredPositiveDuration("fixedDelay");
            return fixed == null ? null : new RouteOptions.Delay(percentage == null ? 0 : percentage, fixed);
        });
        faults.notSupportedRest();
        return abort == null && delay == null ? null : new RouteOptions.Faults(abort, delay);
    }

    /**
     * Gloo's convertPolicy (basicroute/plugin.go): numRetries 0 becomes 1; a back-off's maxInterval needs a
     * baseInterval no greater than it. Envoy's RetryPolicyImpl (source/common/router/config_impl.cc) rounds
     * both up to 1ms and rejects "retry_policy.max_interval must greater than or equal to the base_interval".
     */
    private static RouteOptions.Retries retries(NodeReader retries) {
        String retryOn = retries.string("retryOn");
        Integer numRetries = retries.integerAtLeast("numRetries", 0);
        Duration perTryTimeout = retries.duration("perTryTimeout");
        Duration[] backOff = retries.object("retryBackOff", RouteOptionsDecoder::backOff);
        Integer previous = retries.object("previousPriorities", p -> {
            // Gloo sends 1 when updateFrequency is absent; Envoy's PGV rule is update_frequency > 0.
            Integer frequency = p.integerAtLeast("updateFrequency", 1);
            return frequency == null ? 1 : frequency;
        });
        List<Integer> codes = statusCodes(retries, "retriableStatusCodes");
        retries.notSupportedRest();
        int num = numRetries == null || numRetries == 0 ? 1 : numRetries;
        return new RouteOptions.Retries(
                retryOn,
                num,
                perTryTimeout,
                backOff == null ? null : backOff[0],
                backOff == null ? null : backOff[1],
                previous,
                codes);
    }

    private static Duration[] backOff(NodeReader backOff) {
        Duration base = backOff.positiveDuration("baseInterval");
        Duration max = backOff.positiveDuration("maxInterval");
        if (max != null && base == null && !backOff.has("baseInterval")) {
            backOff.error("baseInterval", "is required when maxInterval is set (Envoy requires base_interval)");
        }
        if (base != null && max != null && millisAtLeastOne(max) < millisAtLeastOne(base)) {
            backOff.error(
                    "maxInterval",
                    "must be at least baseInterval: Envoy rejects a retry back-off whose max_interval is below its"
                            + " base_interval");
        }
        return new Duration[] {base, max};
    }

    private static long millisAtLeastOne(Duration d) {
        return Math.max(1, d.toMillis());
    }

    private static List<Integer> statusCodes(NodeReader reader, String name) {
        List<Integer> out = new ArrayList<>();
        JsonNode v = reader.raw(name);
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            reader.error(name, "must be a list");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode code = v.get(i);
            if (code.isIntegralNumber() && code.asLong() >= 100 && code.asLong() <= 599) {
                out.add(code.intValue());
            } else {
                reader.error(name + "[" + i + "]", "must be an HTTP status code, 100..599");
            }
        }
        return out;
    }

    /** Gloo's RegexMatchAndSubstitute: {@code pattern {regex}} and {@code substitution}. */
    private static RouteOptions.RegexRewrite regexRewrite(NodeReader rewrite) {
        String regex = rewrite.requiredObject("pattern", p -> {
            p.skip("googleRe2");
            return VirtualServiceDecoder.regex(p, "regex");
        });
        String substitution = rewrite.string("substitution");
        return regex == null ? null : new RouteOptions.RegexRewrite(regex, substitution);
    }

    private static RouteOptions.HeaderManipulation headerManipulation(NodeReader headers) {
        List<RouteOptions.HeaderValue> requestAdd = headers.list("requestHeadersToAdd", h -> headerToAdd(h, true));
        List<String> requestRemove = headers.strings("requestHeadersToRemove");
        List<RouteOptions.HeaderValue> responseAdd = headers.list("responseHeadersToAdd", h -> headerToAdd(h, false));
        List<String> responseRemove = headers.strings("responseHeadersToRemove");
        for (int i = 0; i < requestRemove.size(); i++) {
            checkModifiable(headers, "requestHeadersToRemove[" + i + "]", requestRemove.get(i), "removed");
        }
        for (int i = 0; i < responseRemove.size(); i++) {
            checkModifiable(headers, "responseHeadersToRemove[" + i + "]", responseRemove.get(i), "removed");
        }
        return new RouteOptions.HeaderManipulation(requestAdd, requestRemove, responseAdd, responseRemove);
    }

    /**
     * One {@code {header {key, value}, append}}; {@code append} defaults to true as in Gloo
     * (api_conversion.ToEnvoyHeaderValueOptions: APPEND_IF_EXISTS_OR_ADD unless {@code append: false}).
     */
    private static RouteOptions.HeaderValue headerToAdd(NodeReader option, boolean request) {
        if (request && option.notSupportedWhenSet("headerSecretRef")) {
            return null;
        }
        RouteOptions.HeaderValue value = option.requiredObject("header", h -> {
            String key = h.requiredString("key");
            checkModifiable(h, "key", key, "set");
            return new RouteOptions.HeaderValue(key, h.string("value"), true);
        });
        boolean append = !option.has("append") || option.bool("append");
        return value == null ? null : new RouteOptions.HeaderValue(value.key(), value.value(), append);
    }

    /**
     * Gloo refuses them (api_conversion.CheckForbiddenCustomHeaders), and so does Envoy's HeaderParser::configure
     * (source/common/router/header_parser.cc): ":-prefixed or host headers may not be modified".
     */
    private static void checkModifiable(NodeReader reader, String field, String name, String verb) {
        if (name.startsWith(":") || name.toLowerCase(Locale.ROOT).equals("host")) {
            reader.error(field, name + ": pseudo-headers and Host may not be " + verb + " (Envoy rejects the route)");
        }
    }
}
