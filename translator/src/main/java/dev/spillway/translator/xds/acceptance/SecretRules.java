package dev.spillway.translator.xds.acceptance;

import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SDS secret names identify what a transport socket gets: one secret per name. */
final class SecretRules {
    private SecretRules() {}

    /**
     * The names given to more than one secret. Envoy keeps one resource per name in an SDS subscription
     * (SdsApi::onConfigUpdate in source/common/secret/sds_api.cc takes a single secret), and rejects a
     * repeated name among static secrets (SecretManagerImpl::addStaticSecret in
     * source/common/secret/secret_manager_impl.cc), so one of the two would silently stand in for the other.
     */
    static List<Violation> duplicates(List<Secret> secrets) {
        Map<String, Integer> first = new HashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            Integer other = first.putIfAbsent(secrets.get(i).getName(), i);
            if (other != null) {
                violations.add(
                        Violation.of(
                                "[" + i + "].name",
                                secrets.get(i).getName() + " names two different secrets",
                                "sds_api.cc SdsApi::onConfigUpdate, secret_manager_impl.cc SecretManagerImpl::addStaticSecret"));
            }
        }
        return violations;
    }
}
