package dev.spillway.api.codec;

import dev.spillway.api.model.HealthCheck;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The request method and headers of a health check, with the rules Envoy applies to them before it
 * accepts the cluster.
 */
final class HealthCheckHeaders {

    /**
     * Gloo's RequestMethod names, which are Envoy's. CONNECT is refused by Envoy's
     * {@code HttpHealthCheck.method} rule ({@code not_in: [6]}) and by Gloo (ToEnvoyHealthCheck).
     */
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH");

    private static final String UNSPECIFIED = "METHOD_UNSPECIFIED";

    private HealthCheckHeaders() {}

    /** The method, or empty for Envoy's GET. */
    static String method(NodeReader http) {
        String method = http.string("method");
        if (method.isEmpty() || method.equals(UNSPECIFIED)) {
            return "";
        }
        if (method.equals("CONNECT")) {
            http.error("method", "CONNECT is not allowed on HTTP health checks");
            return "";
        }
        if (!METHODS.contains(method)) {
            http.error("method", "must be one of GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE, PATCH");
            return "";
        }
        return method;
    }

    /**
     * One {@code HeaderValueOption}: {@code header {key, value}} and {@code append} (default true, as Gloo's
     * ToEnvoyHeaderValueOptions maps an unset append to APPEND_IF_EXISTS_OR_ADD). Envoy's
     * HeaderParser::configure (source/common/router/header_parser.cc) refuses {@code :}-prefixed and host
     * keys, and a value whose {@code %} starts no complete {@code %VARIABLE%} (a literal one is {@code %%}).
     */
    static HealthCheck.Header header(NodeReader option) {
        if (option.raw("headerSecretRef") != null) {
            option.error("headerSecretRef", "is not supported: header values from Secrets are not implemented");
        }
        boolean append = !option.has("append") || option.bool("append");
        HealthCheck.Header header = option.object("header", h -> {
            String key = h.requiredString("key");
            if (!modifiable(key)) {
                h.error("key", "may not be a :-prefixed or host header");
            }
            String value = h.string("value");
            if (!wellFormedPercents(value)) {
                h.error("value", "has a % that starts no %VARIABLE%: write a literal % as %%");
            }
            return new HealthCheck.Header(key, value, append);
        });
        if (header == null && option.raw("headerSecretRef") == null) {
            option.error("header", "is required");
        }
        return header;
    }

    /** {@code requestHeadersToRemove}: Envoy refuses to remove {@code :}-prefixed and host headers. */
    static List<String> namesToRemove(NodeReader http) {
        List<String> names = http.strings("requestHeadersToRemove");
        for (int i = 0; i < names.size(); i++) {
            if (!modifiable(names.get(i))) {
                http.error("requestHeadersToRemove[" + i + "]", "may not be a :-prefixed or host header");
            }
        }
        return names;
    }

    private static boolean modifiable(String key) {
        return !key.startsWith(":") && !key.toLowerCase(Locale.ROOT).equals("host");
    }

    /** Every unescaped {@code %} pairs with a closing one. */
    private static boolean wellFormedPercents(String value) {
        return value.replace("%%", "").chars().filter(c -> c == '%').count() % 2 == 0;
    }
}
