package dev.spillway.translator.resolve;

import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.GatewayAddress;
import dev.spillway.api.model.KubeService;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.ServiceEndpoints;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The resources of one federation cluster, indexed by reference. Upstreams include the ones
 * discovered from Services. Built once per resolution; read only afterwards.
 */
final class ClusterResources {
    final String name;
    ClusterRegistration registration;
    /** Where other clusters reach its failover gateway, as the source found it. */
    GatewayAddress gatewayAddress;

    final SortedMap<ResourceRef, Upstream> upstreams = new TreeMap<>();
    /** Upstreams written by the user that could not be read: their names are theirs, never a discovered one's. */
    final java.util.Set<ResourceRef> unreadableUpstreams = new java.util.TreeSet<>();

    final SortedMap<ResourceRef, TlsSecret> secrets = new TreeMap<>();
    /** Secrets taken out of {@link #secrets} because they were rejected. */
    final java.util.Set<ResourceRef> rejectedSecrets = new java.util.TreeSet<>();

    final SortedMap<ResourceRef, KubeService> services = new TreeMap<>();
    final List<ServiceEndpoints> endpoints = new ArrayList<>();
    final List<Gateway> gateways = new ArrayList<>();
    final List<VirtualService> virtualServices = new ArrayList<>();
    final List<FailoverScheme> schemes = new ArrayList<>();

    ClusterResources(String name) {
        this.name = name;
    }

    /** Takes a rejected Secret out: references to it then fail as for a missing one, saying why. */
    void rejectSecret(TlsSecret secret) {
        secrets.remove(secret.meta().ref());
        rejectedSecrets.add(secret.meta().ref());
    }

    /** Why a referenced Secret is not in {@link #secrets}. */
    String secretAbsence(ResourceRef ref) {
        return rejectedSecrets.contains(ref)
                ? "Secret " + ref + " on cluster " + name + " is Rejected (see its status)"
                : "Secret " + ref + " not found on cluster " + name;
    }

    void add(Resource resource) {
        if (resource instanceof Upstream u) {
            upstreams.put(u.meta().ref(), u);
        } else if (resource instanceof TlsSecret s) {
            secrets.put(s.meta().ref(), s);
        } else if (resource instanceof KubeService s) {
            services.put(s.meta().ref(), s);
        } else if (resource instanceof ServiceEndpoints e) {
            endpoints.add(e);
        } else if (resource instanceof Gateway g) {
            gateways.add(g);
        } else if (resource instanceof VirtualService v) {
            virtualServices.add(v);
        } else if (resource instanceof FailoverScheme f) {
            schemes.add(f);
        } else if (resource instanceof ClusterRegistration c) {
            registration = c;
        }
    }

    String region() {
        return registration == null ? "" : registration.region();
    }

    String zone() {
        return registration == null ? "" : registration.zone();
    }

    boolean flatNetwork() {
        return registration != null && registration.network() == ClusterRegistration.Network.FLAT;
    }
}
