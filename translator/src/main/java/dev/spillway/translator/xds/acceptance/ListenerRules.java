package dev.spillway.translator.xds.acceptance;

import dev.spillway.translator.model.IpLiterals;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What Envoy's listener manager demands of a listener's address and filter chains. */
final class ListenerRules {
    private ListenerRules() {}

    static List<Violation> check(Listener listener) {
        if (listener.hasApiListener()) {
            return List.of();
        }
        List<Violation> violations = new ArrayList<>();
        String address = listener.getAddress().getSocketAddress().getAddress();
        // ListenerImpl::ListenerImpl (source/common/listener_manager/listener_impl.cc) parses the address with
        // Network::Address::resolveProtoAddress: a name is "malformed IP address", never looked up.
        if (!IpLiterals.isIp(address)) {
            violations.add(Violation.of(
                    "address.socket_address.address",
                    address + " is not an IP address: Envoy binds listeners to IP literals only",
                    "listener_impl.cc ListenerImpl::ListenerImpl"));
        }
        // ListenerImpl::validateFilterChains: "no filter chains specified" without a default chain.
        if (listener.getFilterChainsCount() == 0 && !listener.hasDefaultFilterChain()) {
            violations.add(Violation.of(
                    "filter_chains",
                    "is empty and there is no default_filter_chain",
                    "listener_impl.cc ListenerImpl::validateFilterChains"));
        }
        violations.addAll(chainMatches(listener));
        return violations;
    }

    /**
     * FilterChainManagerImpl::addFilterChains (source/common/listener_manager/filter_chain_manager_impl.cc)
     * rejects two chains with the same match ("has the same matching rules defined as") and, building its
     * lookup tables down to server names (lower-cased), any two whose matches overlap ("multiple filter
     * chains with overlapping matching rules are defined"). It also rejects server names with a wildcard
     * anywhere but a leading {@code *.} ("partial wildcards are not supported").
     */
    private static List<Violation> chainMatches(Listener listener) {
        List<Violation> violations = new ArrayList<>();
        Map<FilterChainMatch, Integer> sameRest = new HashMap<>();
        Map<FilterChainMatch, Map<String, Integer>> namesByRest = new HashMap<>();
        for (int i = 0; i < listener.getFilterChainsCount(); i++) {
            FilterChainMatch match = listener.getFilterChains(i).getFilterChainMatch();
            String field = "filter_chains[" + i + "].filter_chain_match";
            FilterChainMatch rest = match.toBuilder().clearServerNames().build();
            Set<String> names = new HashSet<>();
            for (int j = 0; j < match.getServerNamesCount(); j++) {
                String name = match.getServerNames(j).toLowerCase(Locale.ROOT);
                names.add(name);
                if (name.contains("*") && !(name.startsWith("*.") && name.indexOf('*', 1) < 0)) {
                    violations.add(Violation.of(
                            field + ".server_names[" + j + "]",
                            match.getServerNames(j) + ": a wildcard is allowed only as a leading \"*.\"",
                            "filter_chain_manager_impl.cc FilterChainManagerImpl::addFilterChains"));
                }
            }
            if (names.isEmpty()) {
                Integer other = sameRest.putIfAbsent(rest, i);
                if (other != null) {
                    violations.add(Violation.of(
                            field,
                            "matches the same connections as filter_chains[" + other + "]: Envoy rejects the listener",
                            "filter_chain_manager_impl.cc FilterChainManagerImpl::addFilterChains"));
                }
                continue;
            }
            Map<String, Integer> owners = namesByRest.computeIfAbsent(rest, r -> new HashMap<>());
            for (String name : names) {
                Integer other = owners.putIfAbsent(name, i);
                if (other != null && other != i) {
                    violations.add(Violation.of(
                            field + ".server_names",
                            "SNI " + name + " is also matched by filter_chains[" + other + "]: overlapping chains",
                            "filter_chain_manager_impl.cc FilterChainManagerImpl::addFilterChains"));
                }
            }
        }
        return violations;
    }
}
