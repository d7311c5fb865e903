package dev.spillway.translator.xds;

import com.google.protobuf.Any;
import dev.spillway.translator.model.RoutePolicy;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.extensions.filters.common.fault.v3.FaultDelay;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.FaultAbort;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.FractionalPercent.DenominatorType;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A route's and a virtual host's {@code typed_per_filter_config}: CORS policies and injected faults. */
final class PerRouteFilters {
    private PerRouteFilters() {}

    /** The configs of a route, for the filters its connection manager runs. */
    static Map<String, Any> route(RoutePolicy policy, Set<RouteFilter> running) {
        Map<String, Any> configs = new TreeMap<>();
        if (policy.fault() != null && running.contains(RouteFilter.FAULT)) {
            configs.put(RouteFilter.FAULT.filterName, Protos.any(fault(policy.fault())));
        }
        if (policy.cors() != null && running.contains(RouteFilter.CORS)) {
            configs.put(RouteFilter.CORS.filterName, Protos.any(cors(policy.cors())));
        }
        return configs;
    }

    /** The configs of a virtual host, for the filters its connection manager runs. */
    static Map<String, Any> virtualHost(RoutePolicy.Cors cors, Set<RouteFilter> running) {
        return cors != null && running.contains(RouteFilter.CORS)
                ? Map.of(RouteFilter.CORS.filterName, Protos.any(cors(cors)))
                : Map.of();
    }

    /**
     * Gloo's translateCommonUserCorsConfig and translateRouteSpecificCorsConfig (cors/plugin.go): exact and
     * regex origins, the header values as joined, credentials only when true, and a route that disables
     * CORS gets {@code filter_enabled} 0%.
     */
    static CorsPolicy cors(RoutePolicy.Cors cors) {
        CorsPolicy.Builder b = CorsPolicy.newBuilder()
                .setAllowMethods(cors.allowMethods())
                .setAllowHeaders(cors.allowHeaders())
                .setExposeHeaders(cors.exposeHeaders())
                .setMaxAge(cors.maxAge());
        cors.exactOrigins()
                .forEach(o -> b.addAllowOriginStringMatch(
                        StringMatcher.newBuilder().setExact(o).build()));
        cors.regexOrigins()
                .forEach(o -> b.addAllowOriginStringMatch(StringMatcher.newBuilder()
                        .setSafeRegex(RegexMatcher.newBuilder().setRegex(o))
                        .build()));
        if (cors.allowCredentials()) {
            b.setAllowCredentials(Protos.bool(true));
        }
        if (cors.disabled()) {
            b.setFilterEnabled(RuntimeFractionalPercent.newBuilder()
                    .setDefaultValue(
                            FractionalPercent.newBuilder().setNumerator(0).setDenominator(DenominatorType.HUNDRED)));
        }
        return b.build();
    }

    /** Gloo's generateEnvoyConfigForHttpFault (faultinjection/plugin.go): percentages in millionths. */
    static HTTPFault fault(RoutePolicy.Fault fault) {
        HTTPFault.Builder b = HTTPFault.newBuilder();
        if (fault.abort() != null) {
            b.setAbort(FaultAbort.newBuilder()
                    .setPercentage(millionths(fault.abort().percent()))
                    .setHttpStatus(fault.abort().httpStatus()));
        }
        if (fault.delay() != null) {
            b.setDelay(FaultDelay.newBuilder()
                    .setPercentage(millionths(fault.delay().percent()))
                    .setFixedDelay(Protos.duration(fault.delay().delay())));
        }
        return b.build();
    }

    /**
     * Gloo's common.ToEnvoyPercentage: {@code uint32(percentage * 10000)} over a million, in float32 as Go
     * computes it.
     */
    private static FractionalPercent millionths(double percent) {
        return FractionalPercent.newBuilder()
                .setNumerator((int) ((float) percent * 10000f))
                .setDenominator(DenominatorType.MILLION)
                .build();
    }
}
