package dev.spillway.api.model;

import java.time.Duration;
import java.util.List;

/**
 * {@code routes[].options}: what Spillway honours of Gloo's RouteOptions. Absent fields are null (or
 * false, or empty).
 *
 * @param retries         {@code retries}, or null
 * @param timeout         {@code timeout} (upstream response timeout), or null for Envoy's 15s default
 * @param idleTimeout     {@code idleTimeout} of the stream, or null
 * @param prefixRewrite   {@code prefixRewrite}, or null when not set
 * @param regexRewrite    {@code regexRewrite}, or null
 * @param hostRewrite     {@code hostRewrite}, or null
 * @param autoHostRewrite {@code autoHostRewrite}: the Host header becomes the upstream host's name
 * @param headers         {@code headerManipulation}, or null
 * @param cors            {@code cors}, or null
 * @param faults          {@code faults}, or null
 */
public record RouteOptions(
        Retries retries,
        Duration timeout,
        Duration idleTimeout,
        String prefixRewrite,
        RegexRewrite regexRewrite,
        String hostRewrite,
        boolean autoHostRewrite,
        HeaderManipulation headers,
        Cors cors,
        Faults faults) {

    /** A route without options. */
    public static final RouteOptions NONE =
            new RouteOptions(null, null, null, null, null, null, false, null, null, null);

    /**
     * {@code retries} (Gloo's retries.options.gloo.solo.io.RetryPolicy).
     *
     * @param retryOn                  Envoy's {@code x-envoy-retry-on} conditions, comma separated
     * @param numRetries               retries allowed; Gloo sends 1 when 0 or absent
     * @param perTryTimeout            timeout of each try, or null
     * @param baseInterval             {@code retryBackOff.baseInterval}, or null
     * @param maxInterval              {@code retryBackOff.maxInterval}, or null
     * @param previousPriorities       {@code previousPriorities.updateFrequency} (1 when absent), or null when not set
     * @param retriableStatusCodes     {@code retriableStatusCodes}
     */
    public record Retries(
            String retryOn,
            int numRetries,
            Duration perTryTimeout,
            Duration baseInterval,
            Duration maxInterval,
            Integer previousPriorities,
            List<Integer> retriableStatusCodes) {
        public Retries {
            retriableStatusCodes = List.copyOf(retriableStatusCodes);
        }
    }

    /**
     * {@code regexRewrite}: {@code pattern.regex} and {@code substitution}.
     *
     * @param regex        the RE2 pattern
     * @param substitution what each match becomes
     */
    public record RegexRewrite(String regex, String substitution) {}

    /**
     * {@code headerManipulation}.
     *
     * @param requestHeadersToAdd     request headers added
     * @param requestHeadersToRemove  request headers removed
     * @param responseHeadersToAdd    response headers added
     * @param responseHeadersToRemove response headers removed
     */
    public record HeaderManipulation(
            List<HeaderValue> requestHeadersToAdd,
            List<String> requestHeadersToRemove,
            List<HeaderValue> responseHeadersToAdd,
            List<String> responseHeadersToRemove) {
        public HeaderManipulation {
            requestHeadersToAdd = List.copyOf(requestHeadersToAdd);
            requestHeadersToRemove = List.copyOf(requestHeadersToRemove);
            responseHeadersToAdd = List.copyOf(responseHeadersToAdd);
            responseHeadersToRemove = List.copyOf(responseHeadersToRemove);
        }
    }

    /**
     * One header to add.
     *
     * @param key    header name
     * @param value  header value
     * @param append add beside existing values (Gloo's default) rather than replace them
     */
    public record HeaderValue(String key, String value, boolean append) {}

    /**
     * {@code cors} (Gloo's cors.options.gloo.solo.io.CorsPolicy).
     *
     * @param allowOrigin      origins allowed, exactly as written
     * @param allowOriginRegex origins allowed, as RE2 patterns
     * @param allowMethods     {@code access-control-allow-methods} values
     * @param allowHeaders     {@code access-control-allow-headers} values
     * @param exposeHeaders    {@code access-control-expose-headers} values
     * @param maxAge           {@code access-control-max-age}, as written; empty for none
     * @param allowCredentials {@code access-control-allow-credentials: true}
     * @param disableForRoute  the route turns off a CORS policy its virtual host sets
     */
    public record Cors(
            List<String> allowOrigin,
            List<String> allowOriginRegex,
            List<String> allowMethods,
            List<String> allowHeaders,
            List<String> exposeHeaders,
            String maxAge,
            boolean allowCredentials,
            boolean disableForRoute) {
        public Cors {
            allowOrigin = List.copyOf(allowOrigin);
            allowOriginRegex = List.copyOf(allowOriginRegex);
            allowMethods = List.copyOf(allowMethods);
            allowHeaders = List.copyOf(allowHeaders);
            exposeHeaders = List.copyOf(exposeHeaders);
        }
    }

    /**
     * {@code faults} (Gloo's faultinjection.options.gloo.solo.io.RouteFaults).
     *
     * @param abort the requests answered with an error status, or null
     * @param delay the requests held before they go upstream, or null
     */
    public record Faults(Abort abort, Delay delay) {}

    /**
     * {@code faults.abort}.
     *
     * @param percentage share of requests aborted, 0 to 100
     * @param httpStatus the status they get
     */
    public record Abort(double percentage, int httpStatus) {}

    /**
     * {@code faults.delay}.
     *
     * @param percentage share of requests delayed, 0 to 100
     * @param fixedDelay how long
     */
    public record Delay(double percentage, Duration fixedDelay) {}
}
