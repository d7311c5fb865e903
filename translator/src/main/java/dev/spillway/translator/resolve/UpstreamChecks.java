package dev.spillway.translator.resolve;

import dev.spillway.api.model.Upstream;

/** What an Upstream says about itself alone, before anything else refers to it. */
final class UpstreamChecks {
    private UpstreamChecks() {}

    static void check(Upstream upstream, ClusterResources cluster, StatusBook book) {
        book.seen(upstream.key());
        // ClusterManagerImpl::loadCluster (cluster_manager_impl.cc) refuses a cluster with more than one.
        if (upstream.healthChecks().size() > 1) {
            book.warning(
                    upstream.key(),
                    "spec.healthChecks",
                    "Envoy runs one health check per cluster: " + "spec.healthChecks[0] is kept, the other "
                            + (upstream.healthChecks().size() - 1) + " ignored");
        }
        UpstreamTlsResolver.check(upstream, cluster, book);
        if (upstream.failover() != null) {
            HandWrittenFailover.check(upstream, cluster, book);
        }
    }
}
