package dev.spillway.api.source;

import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which resources use which TLS Secrets, and through which field: what keeps a deleted Secret's last known
 * version served (see {@link Inventory.Entry#deletedAt()}). A Secret is always looked up in the cluster of
 * the resource naming it, except the failover client certificate, which lives in a FailoverScheme's primary
 * cluster.
 */
public final class SecretReferences {

    /** The client certificate of the mTLS hop to failover gateways, in each primary's cluster (glooctl's name). */
    public static final ResourceRef FAILOVER_CLIENT_SECRET = new ResourceRef("failover-upstream", "gloo-system");

    private SecretReferences() {}

    /**
     * One resource naming one Secret.
     *
     * @param referrer the resource
     * @param field    where it names the Secret ({@code spec.sslConfig.secretRef})
     * @param secret   the Secret's key
     */
    public record Reference(ResourceKey referrer, String field, ResourceKey secret) {}

    /** Every Secret reference of the resources, in their order. */
    public static List<Reference> of(Collection<Resource> resources) {
        List<Reference> references = new ArrayList<>();
        for (Resource resource : resources) {
            if (resource instanceof Upstream u) {
                upstream(u, references);
            } else if (resource instanceof VirtualService vs && vs.ssl() != null) {
                add(vs, "spec.sslConfig.secretRef", vs.ssl().secretRef(), references);
            } else if (resource instanceof Gateway g && g.tcp() != null) {
                List<Gateway.TcpHost> hosts = g.tcp().tcpHosts();
                for (int i = 0; i < hosts.size(); i++) {
                    if (hosts.get(i).ssl() != null) {
                        String field = "spec.tcpGateway.tcpHosts[" + i + "].sslConfig.secretRef";
                        add(g, field, hosts.get(i).ssl().secretRef(), references);
                    }
                }
            } else if (resource instanceof FailoverScheme f && f.primary() != null) {
                references.add(new Reference(
                        f.key(),
                        "spec.primary",
                        new ResourceKey(
                                Kind.SECRET,
                                f.primary().cluster(),
                                FAILOVER_CLIENT_SECRET.namespace(),
                                FAILOVER_CLIENT_SECRET.name())));
            }
        }
        return references;
    }

    private static void upstream(Upstream u, List<Reference> references) {
        if (u.ssl() != null) {
            add(u, "spec.sslConfig.secretRef", u.ssl().secretRef(), references);
        }
        if (u.failover() == null) {
            return;
        }
        List<List<Upstream.FailoverLocality>> priorities = u.failover().priorities();
        for (int i = 0; i < priorities.size(); i++) {
            for (int k = 0; k < priorities.get(i).size(); k++) {
                List<Upstream.FailoverEndpoint> endpoints =
                        priorities.get(i).get(k).endpoints();
                for (int m = 0; m < endpoints.size(); m++) {
                    if (endpoints.get(m).ssl() != null) {
                        String field = "spec.failover.prioritizedLocalities[" + i + "].localityEndpoints[" + k
                                + "].lbEndpoints[" + m + "].upstreamSslConfig.secretRef";
                        add(u, field, endpoints.get(m).ssl().secretRef(), references);
                    }
                }
            }
        }
    }

    private static void add(Resource referrer, String field, ResourceRef secret, List<Reference> references) {
        if (secret != null) {
            references.add(new Reference(
                    referrer.key(),
                    field,
                    new ResourceKey(Kind.SECRET, referrer.meta().cluster(), secret.namespace(), secret.name())));
        }
    }
}
