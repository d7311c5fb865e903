package dev.spillway.api.model;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a resource holds that another can clash on: a Gateway its listening socket on each of its proxies,
 * a VirtualService each of its domains, a FailoverScheme its primary. The older holder of a claim keeps
 * it and the other is Rejected; "older" is since when each holds that very claim, so a resource edited
 * onto a claim another holds live is the newcomer there, however old the resource itself is. The sources
 * record since when ({@link #stamped}); the translator compares it ({@link ObjectMeta#since}).
 */
public final class Claims {
    private Claims() {}

    /** The claims of a resource, in the order the translator settles them; none for kinds that claim nothing. */
    public static List<String> of(Resource resource) {
        Set<String> claims = new LinkedHashSet<>();
        if (resource instanceof Gateway g) {
            g.proxyNames().forEach(p -> claims.add(port(p, g.bindAddress(), g.bindPort())));
        } else if (resource instanceof VirtualService vs) {
            vs.domains().forEach(d -> claims.add(domain(d)));
        } else if (resource instanceof FailoverScheme s) {
            claims.add(primary(s.primary()));
        }
        return List.copyOf(claims);
    }

    /** A proxy's listening socket, as a Gateway binds it. */
    public static String port(String proxy, String bindAddress, int bindPort) {
        return "port:" + proxy + "/[" + bindAddress + "]:" + bindPort;
    }

    /** A domain a VirtualService serves; Envoy compares domains ignoring case. */
    public static String domain(String domain) {
        return "domain:" + domain.toLowerCase(Locale.ROOT);
    }

    /** The primary of a FailoverScheme. */
    public static String primary(FailoverScheme.Target primary) {
        return "primary:" + primary.cluster() + "/" + primary.upstream().namespace() + "/"
                + primary.upstream().name();
    }

    /**
     * The resource with since when it holds each claim: a claim its previous version held keeps that one's
     * order, a claim it did not hold is held from {@code order} on. Only orders after {@code seen} are kept,
     * so a resource holding every claim since it was first seen has none listed.
     *
     * @param now    the resource as read now, with its {@code seen} already set
     * @param before the version the source served before, or null for a resource it did not have
     * @param order  the source's order for what is read now, in the order {@code seen} counts
     */
    public static Resource stamped(Resource now, Resource before, long order) {
        List<String> held = before == null ? List.of() : of(before);
        Map<String, Long> since = new HashMap<>();
        for (String claim : of(now)) {
            long from = held.contains(claim) ? before.meta().since(claim) : order;
            if (from != now.meta().seen()) {
                since.put(claim, from);
            }
        }
        return since.equals(now.meta().claims()) ? now : now.withMeta(now.meta().withClaims(since));
    }
}
