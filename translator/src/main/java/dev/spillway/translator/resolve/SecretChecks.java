package dev.spillway.translator.resolve;

import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.translator.tls.SecretMaterial;
import java.util.ArrayList;
import java.util.List;

/**
 * A Secret whose PEM Envoy would not load (see {@link SecretMaterial}) is rejected and taken out of the
 * cluster's secrets, so whatever references it is rejected as it would be for a missing Secret, and the
 * proxies never receive a listener or cluster that fails to load. The source accepted the new version, so it
 * keeps no last good one; while serving, the translator's LastGoodSecrets puts the version served before in
 * its place, which passes here.
 *
 * <p>SDS names must name one secret each (SdsApi::onConfigUpdate, source/common/secret/sds_api.cc, takes one
 * secret per name): a Secret named {@code x-cacert} would share its SDS name with the CA bundle of Secret
 * {@code x}, so it is rejected and taken out of the cluster's secrets, and {@code x}'s CA keeps its name.
 */
final class SecretChecks {
    private SecretChecks() {}

    static void check(ClusterResources cluster, StatusBook book) {
        List<TlsSecret> unloadable = new ArrayList<>();
        for (TlsSecret secret : cluster.secrets.values()) {
            SecretMaterial.Verdict verdict = SecretMaterial.check(secret);
            verdict.faults().forEach(f -> book.error(secret.key(), f.field(), f.message()));
            if (!verdict.loads()) {
                unloadable.add(secret);
            }
        }
        unloadable.forEach(cluster::rejectSecret);
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
        clashing.forEach(cluster::rejectSecret);
    }
}
