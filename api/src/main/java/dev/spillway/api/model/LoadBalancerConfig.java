package dev.spillway.api.model;

import java.time.Duration;

/**
 * {@code spec.loadBalancerConfig} of an Upstream; null fields take Envoy's defaults.
 *
 * @param healthyPanicThreshold           percent of healthy hosts below which Envoy ignores health, or null (Envoy: 50)
 * @param updateMergeWindow               time endpoint updates are merged over, or null (Envoy: 1s)
 * @param policy                          how a host is picked, or null for round robin
 * @param choiceCount                     hosts compared by least request, or null (Envoy: 2)
 * @param slowStart                       traffic ramp for new hosts (round robin, least request), or null
 * @param minimumRingSize                 smallest ring hash ring, or null
 * @param maximumRingSize                 largest ring hash ring, or null
 * @param localityWeighted                pick localities by their EDS weight first
 * @param useHostnameForHashing           hash hosts by hostname rather than address
 * @param closeConnectionsOnHostSetChange drain connections whenever the hosts change
 */
public record LoadBalancerConfig(
        Double healthyPanicThreshold,
        Duration updateMergeWindow,
        Policy policy,
        Integer choiceCount,
        SlowStart slowStart,
        Long minimumRingSize,
        Long maximumRingSize,
        boolean localityWeighted,
        boolean useHostnameForHashing,
        boolean closeConnectionsOnHostSetChange) {

    /** Gloo's {@code type} one-of. */
    public enum Policy {
        ROUND_ROBIN,
        LEAST_REQUEST,
        RANDOM,
        RING_HASH,
        MAGLEV
    }

    /**
     * {@code slowStartConfig}: new hosts get a growing share of traffic.
     *
     * @param window           how long a new host stays in slow start, or null
     * @param aggression       how fast its share grows (1 is linear), or null
     * @param minWeightPercent smallest share of its weight it gets, or null (Envoy: 10)
     */
    public record SlowStart(Duration window, Double aggression, Double minWeightPercent) {}
}
