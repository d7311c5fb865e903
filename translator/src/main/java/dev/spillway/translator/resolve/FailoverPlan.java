package dev.spillway.translator.resolve;

import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.UpstreamCluster.Tier;
import dev.spillway.translator.model.UpstreamCluster.TransportMatch;
import java.util.List;

/**
 * What an accepted FailoverScheme adds to its primary's cluster.
 *
 * @param tiers                  priorities 1..N
 * @param transportMatches       TLS per failover endpoint reached through a gateway
 * @param secrets                the client certificate (and CA) those matches use
 * @param thresholds             overprovisioning factor(s) and panic threshold from the scheme
 */
record FailoverPlan(
        List<Tier> tiers,
        List<TransportMatch> transportMatches,
        List<SdsSecret> secrets,
        FailoverThresholds.Resolved thresholds) {}
