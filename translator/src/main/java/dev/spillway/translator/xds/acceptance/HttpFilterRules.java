package dev.spillway.translator.xds.acceptance;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What Envoy's HTTP connection manager demands of its filter chain and upgrade configs. */
final class HttpFilterRules {
    static final String ROUTER = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";

    private HttpFilterRules() {}

    static List<Violation> check(Listener listener) {
        List<Violation> violations = new ArrayList<>();
        for (int c = 0; c < listener.getFilterChainsCount(); c++) {
            FilterChain chain = listener.getFilterChains(c);
            for (int f = 0; f < chain.getFiltersCount(); f++) {
                HttpConnectionManager hcm = hcm(chain.getFilters(f));
                if (hcm != null) {
                    violations.addAll(check(hcm, "filter_chains[" + c + "].filters[" + f + "].typed_config"));
                }
            }
        }
        return violations;
    }

    private static HttpConnectionManager hcm(Filter filter) {
        if (!filter.getTypedConfig().is(HttpConnectionManager.class)) {
            return null;
        }
        try {
            return filter.getTypedConfig().unpack(HttpConnectionManager.class);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    /**
     * Config::Utility::validateTerminalFilters (source/common/config/utility.cc): the router, a terminal filter,
     * must be the last http filter, and the last one must be terminal. HttpConnectionManagerConfig
     * (source/extensions/filters/network/http_connection_manager/config.cc) rejects "multiple upgrade configs
     * with the same name", compared ignoring case.
     */
    static List<Violation> check(HttpConnectionManager hcm, String path) {
        List<Violation> violations = new ArrayList<>();
        int count = hcm.getHttpFiltersCount();
        for (int i = 0; i < count; i++) {
            boolean router = hcm.getHttpFilters(i).getTypedConfig().getTypeUrl().equals(ROUTER);
            if (router != (i == count - 1)) {
                violations.add(Violation.of(
                        path + ".http_filters[" + i + "]",
                        router ? "the router is not the last http filter" : "the last http filter is not the router",
                        "utility.cc Config::Utility::validateTerminalFilters"));
            }
        }
        Set<String> upgrades = new HashSet<>();
        for (int i = 0; i < hcm.getUpgradeConfigsCount(); i++) {
            String type = hcm.getUpgradeConfigs(i).getUpgradeType();
            if (!upgrades.add(type.toLowerCase(Locale.ROOT))) {
                violations.add(Violation.of(
                        path + ".upgrade_configs[" + i + "]",
                        "upgrade type " + type + " is configured twice",
                        "http_connection_manager/config.cc HttpConnectionManagerConfig"));
            }
        }
        return violations;
    }
}
