package dev.spillway.translator.resolve;

import dev.spillway.api.model.VirtualService;
import dev.spillway.translator.model.Re2Programs;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Envoy would refuse in a VirtualService, said about the VirtualService's own fields: regexes RE2
 * cannot compile or that exceed Envoy's default program size (CompiledGoogleReMatcher, regex.cc), domains
 * with a wildcard Envoy takes literally or repeated ignoring case (RouteMatcher::RouteMatcher,
 * config_impl.cc), and weights that add up to nothing.
 */
final class RouteChecks {
    private RouteChecks() {}

    static void check(VirtualService vs, StatusBook book) {
        domains(vs, book);
        for (int i = 0; i < vs.routes().size(); i++) {
            VirtualService.Route route = vs.routes().get(i);
            String field = "spec.virtualHost.routes[" + i + "]";
            for (int k = 0; k < route.matchers().size(); k++) {
                VirtualService.Matcher m = route.matchers().get(k);
                String matcher = field + ".matchers[" + k + "]";
                if (m.pathKind() == VirtualService.PathKind.REGEX) {
                    regex(vs, matcher + ".regex", m.path(), book);
                }
                for (int h = 0; h < m.headers().size(); h++) {
                    VirtualService.HeaderMatcher header = m.headers().get(h);
                    if (header.regex() && !header.value().isEmpty()) {
                        regex(vs, matcher + ".headers[" + h + "].value", header.value(), book);
                    }
                }
            }
            if (route.options().regexRewrite() != null) {
                regex(
                        vs,
                        field + ".options.regexRewrite.pattern.regex",
                        route.options().regexRewrite().regex(),
                        book);
            }
            if (route.action() == null) {
                continue;
            }
            if (route.action().weighted() && !route.action().destinations().isEmpty()) {
                weights(
                        vs,
                        field + ".routeAction.multi.destinations",
                        route.action().destinations(),
                        book);
            }
        }
    }

    /** Envoy's limit on the weights of one route's weighted clusters (their sum is a uint32). */
    static final long MAX_TOTAL_WEIGHT = 0xFFFF_FFFFL;

    /**
     * WeightedClusterSpecifierPlugin (source/common/router/weighted_cluster_specifier.cc) rejects the
     * route configuration when the weights add up to 0 or to more than a uint32 holds.
     */
    private static void weights(
            VirtualService vs, String field, List<VirtualService.Destination> destinations, StatusBook book) {
        long total = 0;
        for (VirtualService.Destination d : destinations) {
            total += d.weight();
        }
        if (total == 0) {
            book.error(vs.key(), field, "weights add up to 0: Envoy rejects weighted clusters without weight");
        } else if (total > MAX_TOTAL_WEIGHT) {
            book.error(
                    vs.key(),
                    field,
                    "weights add up to " + total + ", more than Envoy's limit of " + MAX_TOTAL_WEIGHT
                            + " for one route (a uint32)");
        }
    }

    private static void regex(VirtualService vs, String field, String regex, StatusBook book) {
        Re2Programs.problem(regex)
                .ifPresent(p -> book.error(
                        vs.key(),
                        field,
                        "regex " + regex + " " + p
                                + " (Envoy compiles regexes with RE2 and rejects the route configuration)"));
    }

    private static void domains(VirtualService vs, StatusBook book) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> domains = vs.domains();
        for (int i = 0; i < domains.size(); i++) {
            String domain = domains.get(i);
            String field = "spec.virtualHost.domains[" + i + "]";
            String inner = domain.equals("*")
                    ? ""
                    : domain.startsWith("*")
                            ? domain.substring(1)
                            : domain.endsWith("*") ? domain.substring(0, domain.length() - 1) : domain;
            if (!domain.equals("*") && (inner.isEmpty() || inner.contains("*"))) {
                book.error(
                        vs.key(),
                        field,
                        domain + ": Envoy takes a wildcard only as the whole domain \"*\", a"
                                + " leading \"*\" or a trailing \"*\"; elsewhere it matches literally");
            }
            Integer other = seen.putIfAbsent(domain.toLowerCase(Locale.ROOT), i);
            if (other != null) {
                book.error(
                        vs.key(),
                        field,
                        domain + " repeats spec.virtualHost.domains[" + other
                                + "]: Envoy compares domains ignoring case and rejects a repeated one");
            }
        }
    }
}
