package dev.spillway.translator.model;

import java.time.Duration;
import java.util.List;

/**
 * What a route does beside choosing where to go: retries, timeouts, rewrites and header changes. Null (or
 * false) fields are not set.
 *
 * @param retry           retry policy, or null
 * @param timeout         upstream response timeout, or null for Envoy's default
 * @param idleTimeout     stream idle timeout, or null
 * @param prefixRewrite   what the matched prefix becomes, or null
 * @param regexRewrite    path rewrite by regex, or null
 * @param hostRewrite     literal Host header, or null
 * @param autoHostRewrite Host header from the chosen upstream host
 * @param headers         header additions and removals, or null
 * @param cors            CORS policy, or null
 * @param fault           injected faults, or null
 */
public record RoutePolicy(
        Retry retry,
        Duration timeout,
        Duration idleTimeout,
        String prefixRewrite,
        RegexRewrite regexRewrite,
        String hostRewrite,
        boolean autoHostRewrite,
        HeaderRules headers,
        Cors cors,
        Fault fault) {

    /** No policy. */
    public static final RoutePolicy NONE = new RoutePolicy(null, null, null, null, null, null, false, null, null, null);

    /**
     * A retry policy.
     *
     * @param retryOn                    retry conditions, comma separated
     * @param numRetries                 retries allowed
     * @param perTryTimeout              timeout of each try, or null
     * @param baseInterval               back-off base interval, or null
     * @param maxInterval                back-off max interval, or null
     * @param previousPrioritiesFrequency with the previous-priorities plugin, its update frequency; else null
     * @param retriableStatusCodes       status codes retried under {@code retriable-status-codes}
     */
    public record Retry(
            String retryOn,
            int numRetries,
            Duration perTryTimeout,
            Duration baseInterval,
            Duration maxInterval,
            Integer previousPrioritiesFrequency,
            List<Integer> retriableStatusCodes) {
        public Retry {
            retriableStatusCodes = List.copyOf(retriableStatusCodes);
        }
    }

    /**
     * A path rewrite by regex.
     *
     * @param regex        RE2 pattern
     * @param substitution replacement
     */
    public record RegexRewrite(String regex, String substitution) {}

    /**
     * Header additions and removals.
     *
     * @param requestAdd     request headers added
     * @param requestRemove  request headers removed
     * @param responseAdd    response headers added
     * @param responseRemove response headers removed
     */
    public record HeaderRules(
            List<HeaderValue> requestAdd,
            List<String> requestRemove,
            List<HeaderValue> responseAdd,
            List<String> responseRemove) {
        public HeaderRules {
            requestAdd = List.copyOf(requestAdd);
            requestRemove = List.copyOf(requestRemove);
            responseAdd = List.copyOf(responseAdd);
            responseRemove = List.copyOf(responseRemove);
        }
    }

    /**
     * A header to add.
     *
     * @param key    name
     * @param value  value
     * @param append keep existing values (else replace them)
     */
    public record HeaderValue(String key, String value, boolean append) {}

    /**
     * A redirect answered by Envoy itself.
     *
     * @param host          host to redirect to, empty to keep it
     * @param path          path to redirect to, or null
     * @param prefixRewrite prefix replacement, or null
     * @param status        301, 302, 303, 307 or 308
     * @param https         redirect to https
     * @param stripQuery    drop the query string
     */
    public record Redirect(
            String host, String path, String prefixRewrite, int status, boolean https, boolean stripQuery) {}

    /**
     * A fixed response answered by Envoy itself.
     *
     * @param status HTTP status
     * @param body   body, empty for none
     */
    public record DirectResponse(int status, String body) {}

    /**
     * A CORS policy, header values as Envoy sends them.
     *
     * @param exactOrigins     origins allowed as written
     * @param regexOrigins     origins allowed by RE2 pattern
     * @param allowMethods     {@code access-control-allow-methods}, comma separated, empty for none
     * @param allowHeaders     {@code access-control-allow-headers}, comma separated, empty for none
     * @param exposeHeaders    {@code access-control-expose-headers}, comma separated, empty for none
     * @param maxAge           {@code access-control-max-age}, empty for none
     * @param allowCredentials send {@code access-control-allow-credentials: true}
     * @param disabled         the route turns the filter off
     */
    public record Cors(
            List<String> exactOrigins,
            List<String> regexOrigins,
            String allowMethods,
            String allowHeaders,
            String exposeHeaders,
            String maxAge,
            boolean allowCredentials,
            boolean disabled) {
        public Cors {
            exactOrigins = List.copyOf(exactOrigins);
            regexOrigins = List.copyOf(regexOrigins);
        }
    }

    /**
     * Faults injected into a route's requests.
     *
     * @param abort aborted requests, or null
     * @param delay delayed requests, or null
     */
    public record Fault(FaultAbort abort, FaultDelay delay) {}

    /**
     * @param percent    share of requests, 0 to 100
     * @param httpStatus status they are answered with
     */
    public record FaultAbort(double percent, int httpStatus) {}

    /**
     * @param percent share of requests, 0 to 100
     * @param delay   how long each is held
     */
    public record FaultDelay(double percent, Duration delay) {}
}
