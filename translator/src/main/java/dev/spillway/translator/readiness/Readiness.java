package dev.spillway.translator.readiness;

import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.GatewayAddress;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.KubeService;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.source.GatewayAddresses;
import dev.spillway.api.status.Condition;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.api.status.SchemeReadiness;
import dev.spillway.api.status.TierReadiness;
import dev.spillway.translator.Translation;
import dev.spillway.translator.model.ResolvedGroup;
import dev.spillway.translator.model.TcpListener;
import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.resolve.Defaults;
import dev.spillway.translator.resolve.FailoverOutcome;
import dev.spillway.translator.resolve.Names;
import dev.spillway.translator.xds.XdsProblem;
import dev.spillway.translator.xds.XdsResources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Whether each FailoverScheme's tiers would carry traffic if it moved to them now: checked on what a
 * translation serves, at a given moment (certificates expire without any change to the config).
 * Pure: the same translation and moment give the same answer.
 */
public final class Readiness {
    /** The label Gloo's helm chart puts on a gateway proxy's pods: a failover Service selects its proxy by it. */
    static final String PROXY_ID_LABEL = "gateway-proxy-id";

    private final Translation translation;
    private final Instant now;
    private final Map<String, Map<ResourceRef, TlsSecret>> secrets = new HashMap<>();
    private final Map<String, SortedMap<ResourceRef, KubeService>> services = new HashMap<>();
    private final Map<ResourceKey, FailoverScheme> schemes = new HashMap<>();

    private Readiness(Translation translation, Instant now) {
        this.translation = translation;
        this.now = now;
        for (Resource r : translation.inventory().resources()) {
            String cluster = r.meta().cluster();
            if (r instanceof TlsSecret s) {
                secrets.computeIfAbsent(cluster, c -> new HashMap<>())
                        .put(s.meta().ref(), s);
            } else if (r instanceof KubeService s) {
                services.computeIfAbsent(cluster, c -> new TreeMap<>())
                        .put(s.meta().ref(), s);
            } else if (r instanceof FailoverScheme s) {
                schemes.put(s.key(), s);
            }
        }
    }

    /** Every FailoverScheme's readiness, by scheme. */
    public static SortedMap<ResourceKey, SchemeReadiness> of(Translation translation, Instant now) {
        return new Readiness(translation, now).all();
    }

    private SortedMap<ResourceKey, SchemeReadiness> all() {
        Map<ResourceKey, FailoverOutcome> outcomes = new HashMap<>();
        translation.resolution().failovers().forEach(o -> outcomes.put(o.scheme(), o));
        SortedMap<ResourceKey, SchemeReadiness> out = new TreeMap<>();
        translation.statuses().forEach((key, status) -> {
            if (key.kind() != Kind.FAILOVER_SCHEME) {
                return;
            }
            FailoverOutcome outcome = outcomes.get(key);
            FailoverScheme scheme = schemes.get(key);
            if (outcome == null || scheme == null) {
                out.put(key, notAccepted(key, status));
            } else {
                out.put(key, SchemeReadiness.of(key, tiers(scheme, outcome)));
            }
        });
        return out;
    }

    private static SchemeReadiness notAccepted(ResourceKey key, ResourceStatus status) {
        String label = status.state().label(Kind.FAILOVER_SCHEME);
        String reason = label.charAt(0) + label.substring(1).toLowerCase(Locale.ROOT);
        String message = status.reason().isEmpty() ? "the scheme is " + label : status.reason();
        return SchemeReadiness.notAccepted(key, reason, message);
    }

    private List<TierReadiness> tiers(FailoverScheme scheme, FailoverOutcome outcome) {
        List<TierReadiness> tiers = new ArrayList<>();
        String primaryCluster = scheme.primary().cluster();
        ResourceRef primary = scheme.primary().upstream();
        tiers.add(new TierReadiness(
                0,
                primaryCluster,
                primary.toString(),
                List.of(PrimaryHealthCheckRule.check(clusterIn(primaryCluster, Names.cluster(primary))))));
        ResourceRef clientRef = new ResourceRef(Defaults.FAILOVER_CLIENT_SECRET, Defaults.INSTALL_NAMESPACE);
        TlsSecret client = secrets.getOrDefault(primaryCluster, Map.of()).get(clientRef);
        String clientName = clientRef + " on cluster " + primaryCluster;
        for (FailoverOutcome.Target target : outcome.targets()) {
            List<Condition> conditions = new ArrayList<>();
            conditions.add(
                    GatewayAddressRule.check(target, translation.inventory().gatewayAddress(target.cluster())));
            if (target.viaGateway()) {
                conditions.add(ClientCertificateRule.check(client, clientName, now));
                conditions.add(ClientKeyRule.check(client, clientName));
                conditions.add(GatewayVerificationRule.check(client, clientName, target.sni()));
                conditions.add(sniAllowed(target));
            }
            conditions.add(TargetEndpointsRule.check(target));
            tiers.add(new TierReadiness(
                    target.priority(), target.cluster(), target.upstream().toString(), conditions));
        }
        return tiers;
    }

    /**
     * Whether the gateway behind the target's address accepts its SNI: the proxy the Service selects by
     * {@code gateway-proxy-id} on the Service's target port, or any gateway proxy of the cluster when the
     * address was written.
     */
    private Condition sniAllowed(FailoverOutcome.Target target) {
        GatewayAddress address = translation.inventory().gatewayAddress(target.cluster());
        KubeService service = address.service() == null
                ? null
                : services.getOrDefault(target.cluster(), new TreeMap<>()).get(address.service());
        String proxy = null;
        int port = 0;
        if (service != null) {
            proxy = service.selector().get(PROXY_ID_LABEL);
            port = service.ports().stream()
                    .filter(p -> GatewayAddresses.PORT_NAME.equals(p.name()))
                    .mapToInt(KubeService.Port::targetPort)
                    .findFirst()
                    .orElse(0);
        }
        return SniAllowedRule.check(target.sni(), target.cluster(), chains(target.cluster()), proxy, port);
    }

    /** Every TLS chain the cluster's gateway proxies are served, except listeners Envoy's rules left out. */
    private List<ServedChain> chains(String cluster) {
        List<ServedChain> chains = new ArrayList<>();
        for (ResolvedGroup group : translation.resolution().groups().values()) {
            if (!group.group().cluster().equals(cluster)) {
                continue;
            }
            XdsResources xds = translation.groups().get(group.group());
            Set<String> leftOut = xds == null
                    ? Set.of()
                    : xds.problems().stream().map(XdsProblem::resourceName).collect(Collectors.toSet());
            for (TcpListener listener : group.tcpListeners()) {
                if (leftOut.contains(listener.name())) {
                    continue;
                }
                for (TcpListener.SniChain chain : listener.chains()) {
                    chains.add(new ServedChain(
                            group.group().proxy(),
                            listener.name(),
                            listener.port(),
                            chain.serverNames(),
                            chain.forwardCluster()));
                }
            }
        }
        return chains;
    }

    private UpstreamCluster clusterIn(String cluster, String name) {
        for (ResolvedGroup group : translation.resolution().groups().values()) {
            if (!group.group().cluster().equals(cluster)) {
                continue;
            }
            for (UpstreamCluster c : group.clusters()) {
                if (c.name().equals(name)) {
                    return c;
                }
            }
        }
        return null;
    }
}
