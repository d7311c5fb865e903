package dev.spillway.translator.resolve;

import dev.spillway.api.model.Claims;
import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.Gateway.TcpHost;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.translator.model.IpLiterals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks on Gateways that do not depend on FailoverSchemes: secrets exist, one listener per
 * address:port and proxy, one SNI-forwarding host per Gateway, no SNI name matched twice.
 */
final class GatewayChecks {
    static final Comparator<Gateway> AGE = Age.oldestFirst();

    private GatewayChecks() {}

    /** The Gateways of the cluster that survive the checks, oldest first. */
    static List<Gateway> check(ClusterResources cluster, StatusBook book) {
        List<Gateway> checked = cluster.gateways.stream()
                .sorted(AGE)
                .filter(g -> checkOne(g, cluster, book))
                .toList();
        claimPorts(checked, book);
        return checked.stream().filter(g -> !book.rejected(g.key())).toList();
    }

    private static boolean checkOne(Gateway gateway, ClusterResources cluster, StatusBook book) {
        ResourceKey key = gateway.key();
        book.seen(key);
        // ListenerImpl::ListenerImpl (listener_impl.cc) parses the bind address as an IP literal, never a name.
        if (!IpLiterals.isIp(gateway.bindAddress())) {
            book.error(
                    key,
                    "spec.bindAddress",
                    gateway.bindAddress()
                            + " is not an IP address: Envoy binds listeners to IP addresses only (for all interfaces, \"::\")");
        }
        if (book.rejected(key) || gateway.tcp() == null) {
            return !book.rejected(key);
        }
        List<TcpHost> hosts = gateway.tcp().tcpHosts();
        Map<String, Integer> sniOwner = new HashMap<>();
        int forwarders = 0;
        Integer plain = null;
        for (int i = 0; i < hosts.size(); i++) {
            TcpHost host = hosts.get(i);
            String field = "spec.tcpGateway.tcpHosts[" + i + "]";
            if (host.ssl() != null) {
                checkSsl(key, field, host, cluster, book);
            } else if (host.destination().forwardSniClusterName()) {
                book.error(
                        key,
                        field + ".sslConfig",
                        "is required with forwardSniClusterName: Spillway's SNI-forwarding gateways terminate TLS");
            } else if (plain != null) {
                // Two chains without a match: FilterChainManagerImpl::addFilterChains rejects the listener.
                book.error(
                        key,
                        field,
                        "is a second tcpHost without sslConfig (spec.tcpGateway.tcpHosts[" + plain
                                + "] is one): both would take every connection, and Envoy rejects the listener");
            } else {
                plain = i;
            }
            for (int j = 0; j < host.destination().multi().size(); j++) {
                var ref = host.destination().multi().get(j).upstream();
                if (!cluster.upstreams.containsKey(ref)) {
                    book.error(
                            key,
                            field + ".destination.multi.destinations[" + j + "].destination.upstream",
                            "Upstream " + ref + " not found on cluster " + cluster.name);
                }
            }
            if (host.destination().forwardSniClusterName() && ++forwarders > 1) {
                book.error(
                        key,
                        field + ".destination.forwardSniClusterName",
                        "only one tcpHost per Gateway may forward by SNI: its SNI names would match twice");
            }
            if (host.destination().single() != null
                    && !cluster.upstreams.containsKey(host.destination().single())) {
                book.error(
                        key,
                        field + ".destination.single.upstream",
                        "Upstream " + host.destination().single() + " not found on cluster " + cluster.name);
            }
            if (host.ssl() != null) {
                checkSniDomains(key, field, host, i, sniOwner, cluster, book);
            }
        }
        return !book.rejected(key);
    }

    /**
     * FilterChainManagerImpl::addFilterChains (filter_chain_manager_impl.cc) lower-cases server names and
     * rejects the listener when two chains claim one, or when a name has a wildcard other than a leading
     * {@code *.}. sni_cluster forwards to the cluster the SNI names (SniClusterFilter::onNewConnection), so
     * on a forwarding host a name that is no cluster here gets every connection closed.
     */
    private static void checkSniDomains(
            ResourceKey key,
            String field,
            TcpHost host,
            int index,
            Map<String, Integer> sniOwner,
            ClusterResources cluster,
            StatusBook book) {
        List<String> domains = host.ssl().sniDomains();
        for (int j = 0; j < domains.size(); j++) {
            String sni = domains.get(j);
            String at = field + ".sslConfig.sniDomains[" + j + "]";
            Integer other = sniOwner.putIfAbsent(sni.toLowerCase(java.util.Locale.ROOT), index);
            if (other != null) {
                book.error(
                        key,
                        at,
                        "SNI " + sni + " is already matched by spec.tcpGateway.tcpHosts[" + other
                                + "] (Envoy compares server names ignoring case and rejects overlapping filter chains)");
            }
            if (sni.contains("*") && !(sni.startsWith("*.") && sni.indexOf('*', 1) < 0)) {
                book.error(key, at, sni + ": Envoy takes a wildcard in a server name only as a leading \"*.\"");
            }
            if (host.destination().forwardSniClusterName()
                    && cluster.upstreams.keySet().stream()
                            .noneMatch(ref -> Names.cluster(ref).equals(sni))) {
                book.warning(
                        key,
                        at,
                        "SNI " + sni + " names no cluster on " + cluster.name
                                + ": sni_cluster would forward it nowhere and Envoy closes such connections");
            }
        }
    }

    private static void checkSsl(
            ResourceKey key, String field, TcpHost host, ClusterResources cluster, StatusBook book) {
        ResourceRef ref = host.ssl().secretRef();
        TlsSecret secret = cluster.secrets.get(ref);
        if (secret == null) {
            book.error(key, field + ".sslConfig.secretRef", cluster.secretAbsence(ref));
        } else if (!secret.hasRootCa() && !host.ssl().oneWayTls()) {
            book.error(
                    key,
                    field + ".sslConfig.secretRef",
                    "Secret " + ref
                            + " has no ca.crt to verify clients with; set oneWayTls: true to accept clients without a certificate");
        }
    }

    /** One proxy's listening socket. */
    record ProxySocket(String proxy, String address, int port) {}

    /**
     * One listener per socket and proxy: the Gateway that has held the socket longest keeps it, the others
     * are Rejected and hold none of theirs.
     */
    private static void claimPorts(List<Gateway> gateways, StatusBook book) {
        List<Age.Held<Gateway>> claims = new ArrayList<>();
        for (Gateway g : gateways) {
            for (int i = 0; i < g.proxyNames().size(); i++) {
                claims.add(new Age.Held<>(g, Claims.port(g.proxyNames().get(i), g.bindAddress(), g.bindPort()), i));
            }
        }
        claims.sort(Age.heldLongest());
        Map<ProxySocket, Gateway> bound = new HashMap<>();
        for (Age.Held<Gateway> claim : claims) {
            Gateway gateway = claim.holder();
            if (book.rejected(gateway.key())) {
                continue;
            }
            String proxy = gateway.proxyNames().get(claim.index());
            Gateway owner =
                    bound.putIfAbsent(new ProxySocket(proxy, gateway.bindAddress(), gateway.bindPort()), gateway);
            if (owner != null && owner != gateway) {
                book.error(
                        gateway.key(),
                        "spec.bindPort",
                        gateway.bindPort() + " on " + gateway.bindAddress()
                                + " is already bound by Gateway " + owner.meta().namespace() + "/"
                                + owner.meta().name()
                                + " for proxy " + proxy);
                bound.values().removeIf(g -> g == gateway);
            }
        }
    }

    /** True when the Gateway has a host that forwards by SNI: it makes its cluster a failover target. */
    static boolean forwardsBySni(Gateway gateway) {
        return gateway.tcp() != null
                && gateway.tcp().tcpHosts().stream()
                        .anyMatch(h -> h.destination().forwardSniClusterName());
    }
}
