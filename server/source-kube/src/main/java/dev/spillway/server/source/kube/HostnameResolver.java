package dev.spillway.server.source.kube;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the hostnames of LoadBalancer ingresses (AWS ELBs publish a hostname, not an IP) and keeps
 * the answers, so discovery never blocks on DNS: a hostname seen for the first time has no address
 * until the next {@link #refresh()}, and every refresh resolves all known hostnames again (load
 * balancer addresses change).
 */
final class HostnameResolver {

    /** One DNS lookup; empty when the name does not resolve. */
    @FunctionalInterface
    interface Lookup {
        Optional<String> resolve(String hostname);
    }

    /** The JVM's resolver: the first address of the name. */
    static final Lookup SYSTEM = hostname -> {
        try {
            return Optional.of(InetAddress.getByName(hostname).getHostAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    };

    private final Lookup lookup;
    private final Map<String, Optional<String>> answers = new ConcurrentHashMap<>();
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    HostnameResolver(Lookup lookup) {
        this.lookup = lookup;
    }

    /** The last known address of a hostname; empty until it was resolved. */
    Optional<String> address(String hostname) {
        asked.add(hostname);
        Optional<String> known = answers.get(hostname);
        return known == null ? Optional.empty() : known;
    }

    /** True when a hostname was asked for that has never been resolved. */
    boolean hasUnresolved() {
        return asked.stream().anyMatch(h -> !answers.containsKey(h));
    }

    /**
     * Resolves every hostname asked for since the previous refresh; forgets the others.
     *
     * @return true when any address changed
     */
    boolean refresh() {
        Set<String> wanted = Set.copyOf(asked);
        asked.removeAll(wanted);
        boolean changed = answers.keySet().retainAll(wanted);
        for (String hostname : wanted) {
            Optional<String> address = lookup.resolve(hostname);
            Optional<String> before = answers.put(hostname, address);
            changed |= !address.equals(before);
        }
        return changed;
    }
}
