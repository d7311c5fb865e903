package dev.spillway.translator.xds.acceptance;

import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The domains of a route configuration's virtual hosts, as Envoy's RouteMatcher indexes them
 * (RouteMatcher::RouteMatcher, source/common/router/config_impl.cc): lower-cased, then one table for exact
 * names, one per wildcard suffix ({@code *.example.com}), one per wildcard prefix ({@code www.*}) and one
 * default host ({@code *}). A second entry in any table rejects the whole route configuration.
 */
final class DomainRules {
    private static final String ENVOY = "config_impl.cc RouteMatcher::RouteMatcher";

    private DomainRules() {}

    /** Where a single virtual host puts a wildcard where Envoy would take it literally. */
    static List<Violation> wildcards(VirtualHost host) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < host.getDomainsCount(); i++) {
            String domain = host.getDomains(i);
            if (domain.equals("*")) {
                continue;
            }
            // Only a leading or a trailing '*' is a wildcard; one anywhere else, or a second one, is matched
            // literally and so never matches a real host name.
            String inner = domain.startsWith("*")
                    ? domain.substring(1)
                    : domain.endsWith("*") ? domain.substring(0, domain.length() - 1) : domain;
            if (inner.contains("*") || inner.isEmpty()) {
                violations.add(Violation.of(
                        "domains[" + i + "]",
                        domain + ": a wildcard is only a whole \"*\", a leading \"*\" or a trailing \"*\"",
                        ENVOY));
            }
        }
        return violations;
    }

    /** The domains of the candidate that clash with the hosts already accepted into the route configuration. */
    static List<Violation> clashes(List<VirtualHost> accepted, VirtualHost candidate, String routeConfig) {
        Map<String, String> owners = new HashMap<>();
        for (VirtualHost host : accepted) {
            host.getDomainsList().forEach(d -> owners.putIfAbsent(key(d), host.getName()));
        }
        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> own = new HashMap<>();
        for (int i = 0; i < candidate.getDomainsCount(); i++) {
            String domain = candidate.getDomains(i);
            String key = key(domain);
            String owner = owners.get(key);
            Integer earlier = own.putIfAbsent(key, i);
            if (owner != null) {
                violations.add(Violation.of(
                        "domains[" + i + "]",
                        describe(domain) + " is also a domain of virtual host " + owner + " in route configuration "
                                + routeConfig + " (domains are compared ignoring case)",
                        ENVOY));
            } else if (earlier != null) {
                violations.add(Violation.of(
                        "domains[" + i + "]",
                        describe(domain) + " repeats domains[" + earlier + "] (domains are compared ignoring case)",
                        ENVOY));
            }
        }
        return violations;
    }

    private static String describe(String domain) {
        return domain.equals("*") ? "* (only one virtual host may be the default)" : domain;
    }

    private static String key(String domain) {
        return domain.toLowerCase(Locale.ROOT);
    }
}
