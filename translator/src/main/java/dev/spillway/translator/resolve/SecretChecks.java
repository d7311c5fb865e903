package dev.spillway.translator.resolve;

import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.TlsSecret;
import java.util.ArrayList;
import java.util.List;

/**
 * SDS names must name one secret each (SdsApi::onConfigUpdate, source/common/secret/sds_api.cc, takes one
 * secret per name): a Secret named {@code x-cacert} would share its SDS name with the CA bundle of Secret
 * {@code x}, so it is rejected and taken out of the cluster's secrets, and {@code x}'s CA keeps its name.
 */
final class SecretChecks {
    private SecretChecks() {}

    static void check(ClusterResources cluster, StatusBook book) {
        List<TlsSecret> clashing = new ArrayList<>();
        for (TlsSecret secret : cluster.secrets.values()) {
            if (!secret.hasRootCa()) {
                continue;
            }
            ResourceRef ref = secret.meta().ref();
            TlsSecret other = cluster.secrets.get(new ResourceRef(ref.name() + "-cacert", ref.namespace()));
            if (other != null) {
                book.error(
                        other.key(),
                        "metadata.name",
                        "its SDS name " + Names.certificateSecret(other.meta().ref())
                                + " is the SDS name of the CA bundle of Secret " + ref + ": rename this Secret");
                clashing.add(other);
            }
        }
        clashing.forEach(s -> cluster.secrets.remove(s.meta().ref()));
    }
}
