package dev.spillway.translator.xds;

import com.google.protobuf.Message;
import dev.spillway.translator.model.RoutePolicy;
import dev.spillway.translator.model.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * HTTP filters whose work is configured per route ({@code typed_per_filter_config}). A connection manager
 * runs one only when a route or virtual host it serves configures it; Gloo's plugins add them before the
 * others (its filter stages: fault, then cors), and Envoy wants the fault filter ahead of every other
 * (docs: configuration/http/http_filters/fault_filter).
 */
enum RouteFilter {
    /**
     * Envoy's FaultFilter reads the route's HTTPFault over the listener's
     * (source/extensions/filters/http/fault/fault_filter.cc, FaultFilter::decodeHeaders); proxyless gRPC
     * clients run it too (gRFC A33).
     */
    FAULT("envoy.filters.http.fault", HTTPFault.getDefaultInstance(), true),
    /**
     * Envoy's CorsFilter takes its policies from the route's and virtual host's per-filter config
     * (source/extensions/filters/http/cors/cors_filter.cc, CorsFilter::decodeHeaders). gRPC clients have no
     * such filter and refuse a route configuring a filter they lack (grpc-java
     * XdsRouteConfigureResource.parseOverrideFilterConfigs), so proxyless routes never carry it.
     */
    CORS("envoy.filters.http.cors", Cors.getDefaultInstance(), false);

    final String filterName;
    final Message listenerConfig;
    final boolean proxyless;

    RouteFilter(String filterName, Message listenerConfig, boolean proxyless) {
        this.filterName = filterName;
        this.listenerConfig = listenerConfig;
        this.proxyless = proxyless;
    }

    /** The filters some route or virtual host of these configures, in filter chain order. */
    static Set<RouteFilter> usedBy(List<VirtualHost> hosts) {
        Set<RouteFilter> used = EnumSet.noneOf(RouteFilter.class);
        for (VirtualHost host : hosts) {
            if (host.cors() != null) {
                used.add(CORS);
            }
            for (VirtualHost.Route route : host.routes()) {
                RoutePolicy policy = route.policy();
                if (policy.cors() != null) {
                    used.add(CORS);
                }
                if (policy.fault() != null) {
                    used.add(FAULT);
                }
            }
        }
        return used;
    }

    /** What a proxyless client's connection manager runs of these. */
    static Set<RouteFilter> proxyless(Set<RouteFilter> used) {
        Set<RouteFilter> out = EnumSet.noneOf(RouteFilter.class);
        used.stream().filter(f -> f.proxyless).forEach(out::add);
        return out;
    }
}
