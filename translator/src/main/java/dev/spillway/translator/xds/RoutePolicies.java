package dev.spillway.translator.xds;

import dev.spillway.translator.model.RoutePolicy;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import java.util.List;

/** A route's retries, timeouts, rewrites and header changes as Envoy's RouteAction and HeaderValueOption fields. */
final class RoutePolicies {
    /** Envoy's retry priority plugin that sends each retry to the next priority (Gloo's PreviousPrioritiesExtensionName). */
    static final String PREVIOUS_PRIORITIES = "envoy.retry_priorities.previous_priorities";

    private RoutePolicies() {}

    /** Sets the policy's RouteAction fields, as Gloo's basicroute plugin does (plugin.go ProcessRoute). */
    static RouteAction.Builder apply(RoutePolicy policy, RouteAction.Builder action) {
        if (policy.retry() != null) {
            action.setRetryPolicy(retry(policy.retry()));
        }
        if (policy.timeout() != null) {
            action.setTimeout(Protos.duration(policy.timeout()));
        }
        if (policy.idleTimeout() != null) {
            action.setIdleTimeout(Protos.duration(policy.idleTimeout()));
        }
        if (policy.prefixRewrite() != null) {
            action.setPrefixRewrite(policy.prefixRewrite());
        }
        if (policy.regexRewrite() != null) {
            action.setRegexRewrite(RegexMatchAndSubstitute.newBuilder()
                    .setPattern(RegexMatcher.newBuilder()
                            .setRegex(policy.regexRewrite().regex()))
                    .setSubstitution(policy.regexRewrite().substitution()));
        }
        if (policy.hostRewrite() != null) {
            action.setHostRewriteLiteral(policy.hostRewrite());
        } else if (policy.autoHostRewrite()) {
            action.setAutoHostRewrite(Protos.bool(true));
        }
        return action;
    }

    /**
     * Gloo's convertPolicy (basicroute/plugin.go). With {@code previousPriorities}, the previous-priorities
     * plugin makes each retry skip the priorities already tried, so a retry after a failure at priority 0 goes
     * to the failover priority (https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/retry/priority/previous_priorities/v3/previous_priorities_config.proto);
     * Envoy's RetryPolicyImpl (config_impl.cc) looks the plugin up by name.
     */
    static RetryPolicy retry(RoutePolicy.Retry retry) {
        RetryPolicy.Builder b = RetryPolicy.newBuilder()
                .setRetryOn(retry.retryOn())
                .setNumRetries(Protos.uint32(retry.numRetries()))
                .addAllRetriableStatusCodes(retry.retriableStatusCodes());
        if (retry.perTryTimeout() != null) {
            b.setPerTryTimeout(Protos.duration(retry.perTryTimeout()));
        }
        if (retry.baseInterval() != null) {
            RetryPolicy.RetryBackOff.Builder backOff =
                    RetryPolicy.RetryBackOff.newBuilder().setBaseInterval(Protos.duration(retry.baseInterval()));
            if (retry.maxInterval() != null) {
                backOff.setMaxInterval(Protos.duration(retry.maxInterval()));
            }
            b.setRetryBackOff(backOff);
        }
        if (retry.previousPrioritiesFrequency() != null) {
            b.setRetryPriority(RetryPolicy.RetryPriority.newBuilder()
                    .setName(PREVIOUS_PRIORITIES)
                    .setTypedConfig(Protos.any(PreviousPrioritiesConfig.newBuilder()
                            .setUpdateFrequency(retry.previousPrioritiesFrequency())
                            .build())));
        }
        return b.build();
    }

    /**
     * Headers to add: appended unless {@code append: false}, which replaces (Gloo's
     * api_conversion.ToEnvoyHeaderValueOptions).
     */
    static List<HeaderValueOption> add(List<RoutePolicy.HeaderValue> headers) {
        return headers.stream()
                .map(h -> HeaderValueOption.newBuilder()
                        .setHeader(HeaderValue.newBuilder().setKey(h.key()).setValue(h.value()))
                        .setAppendAction(
                                h.append()
                                        ? HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD
                                        : HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
                        .build())
                .toList();
    }
}
