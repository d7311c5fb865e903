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
 */
public record RouteOptions(
        Retries retries,
        Duration timeout,
        Duration idleTimeout,
        String prefixRewrite,
        RegexRewrite regexRewrite,
        String hostRewrite,
        boolean autoHostRewrite,
        HeaderManipulation headers) {

    /** A route without options. */
    public static final RouteOptions NONE = new RouteOptions(null, null, null, null, null, null, false, null);

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
}
