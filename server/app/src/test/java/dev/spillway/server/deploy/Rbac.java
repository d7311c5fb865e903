package dev.spillway.server.deploy;

import dev.spillway.server.source.kube.RequiredRbac;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Set;

/** RBAC rules as the tests compare them: one API group, one resource, its verbs. */
final class Rbac {

    private Rbac() {}

    /**
     * One right the control plane needs.
     *
     * @param apiGroup  API group, empty for the core group
     * @param resource  resource, or {@code resource/subresource}
     * @param verbs     the verbs
     * @param namespace the namespace it is needed in (a Role there suffices), or empty for every namespace
     */
    record Need(String apiGroup, String resource, Set<String> verbs, String namespace) {
        @Override
        public String toString() {
            return String.join(",", verbs.stream().sorted().toList()) + " on "
                    + (apiGroup.isEmpty() ? "" : apiGroup + "/") + resource
                    + (namespace.isEmpty() ? " in every namespace" : " in " + namespace);
        }
    }

    /** The control plane's own namespace, where its leader-election Lease lives. */
    static final String INSTALL_NAMESPACE = "spillway-system";

    /**
     * What the Kubernetes source does with the API, as it publishes it ({@link RequiredRbac#rules()}):
     * informers on every kind it reads, status writes on the Gloo kinds, and leader election through a
     * Lease, which lives in the control plane's own namespace (a Role there suffices).
     */
    static List<Need> kubeSourceNeeds() {
        return RequiredRbac.rules().stream()
                .map(r -> new Need(
                        r.apiGroup(),
                        r.resource(),
                        Set.copyOf(r.verbs()),
                        r.apiGroup().equals(RequiredRbac.COORDINATION_GROUP) ? INSTALL_NAMESPACE : ""))
                .toList();
    }

    /** True when the rule grants the verb on every object of the resource (the manifests use no wildcards). */
    static boolean grants(PolicyRule rule, String apiGroup, String resource, String verb) {
        return rule.getApiGroups().contains(apiGroup)
                && rule.getResources().contains(resource)
                && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty())
                && rule.getVerbs().contains(verb);
    }
}
