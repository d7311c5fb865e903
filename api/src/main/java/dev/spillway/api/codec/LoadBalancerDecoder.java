package dev.spillway.api.codec;

import dev.spillway.api.model.LoadBalancerConfig;
import dev.spillway.api.model.LoadBalancerConfig.Policy;
import java.time.Duration;

/**
 * {@code spec.loadBalancerConfig} (projects/gloo/api/v1/load_balancer.proto), with the bounds Envoy puts on
 * what Gloo's loadbalancer plugin (projects/gloo/pkg/plugins/loadbalancer/plugin.go) writes into the cluster.
 */
final class LoadBalancerDecoder {
    /** Envoy's bound on both ring sizes (Cluster.RingHashLbConfig, {@code lte: 8388608}). */
    private static final int MAX_RING_SIZE = 8_388_608;

    private LoadBalancerDecoder() {}

    static LoadBalancerConfig decode(NodeReader lb) {
        Double panic = lb.numberIn("healthyPanicThreshold", 0, 100);
        Duration mergeWindow = lb.duration("updateMergeWindow");
        lb.atMostOne("roundRobin", "leastRequest", "random", "ringHash", "maglev");
        Policy policy = null;
        LoadBalancerConfig.SlowStart slowStart = null;
        Integer choiceCount = null;
        long[] ring = {0, 0};
        if (lb.has("roundRobin")) {
            policy = Policy.ROUND_ROBIN;
            slowStart = lb.object("roundRobin", rr -> rr.object("slowStartConfig", LoadBalancerDecoder::slowStart));
        }
        if (lb.has("leastRequest")) {
            policy = Policy.LEAST_REQUEST;
            LoadBalancerConfig.SlowStart[] holder = {null};
            choiceCount = lb.object("leastRequest", lr -> {
                holder[0] = lr.object("slowStartConfig", LoadBalancerDecoder::slowStart);
                return choiceCount(lr);
            });
            slowStart = holder[0];
        }
        if (lb.has("random")) {
            policy = Policy.RANDOM;
            lb.object("random", r -> null);
        }
        if (lb.has("ringHash")) {
            policy = Policy.RING_HASH;
            lb.object("ringHash", rh -> rh.object("ringHashConfig", c -> ringSizes(c, ring)));
        }
        if (lb.has("maglev")) {
            policy = Policy.MAGLEV;
            lb.object("maglev", m -> null);
        }
        boolean localityWeighted = lb.raw("localityWeightedLbConfig") != null;
        return new LoadBalancerConfig(
                panic,
                mergeWindow,
                policy,
                choiceCount,
                slowStart,
                ring[0] == 0 ? null : ring[0],
                ring[1] == 0 ? null : ring[1],
                localityWeighted,
                lb.bool("useHostnameForHashing"),
                lb.bool("closeConnectionsOnHostSetChange"));
    }

    /** 0 is Gloo's "unset"; Envoy's LeastRequestLbConfig.choice_count must be at least 2 when set. */
    private static Integer choiceCount(NodeReader lr) {
        Integer count = lr.integerAtLeast("choiceCount", 0);
        if (count == null || count == 0) {
            return null;
        }
        if (count == 1) {
            lr.error("choiceCount", "must be at least 2 (0 for Envoy's default of 2)");
            return null;
        }
        return count;
    }

    /**
     * 0 is unset; RingHashLoadBalancer refuses a minimum above the maximum
     * (source/extensions/load_balancing_policies/ring_hash/ring_hash_lb.cc).
     */
    private static Void ringSizes(NodeReader config, long[] ring) {
        Integer min = config.integerIn("minimumRingSize", 0, MAX_RING_SIZE);
        Integer max = config.integerIn("maximumRingSize", 0, MAX_RING_SIZE);
        ring[0] = min == null ? 0 : min;
        ring[1] = max == null ? 0 : max;
        if (ring[0] > 0 && ring[1] > 0 && ring[0] > ring[1]) {
            config.error("minimumRingSize", "must not be above maximumRingSize");
        }
        return null;
    }

    private static LoadBalancerConfig.SlowStart slowStart(NodeReader ss) {
        Duration window = ss.duration("slowStartWindow");
        Double aggression = ss.numberIn("aggression", -Double.MAX_VALUE, Double.MAX_VALUE);
        if (aggression != null && aggression <= 0) {
            ss.error("aggression", "must be greater than 0");
        }
        return new LoadBalancerConfig.SlowStart(window, aggression, ss.numberIn("minWeightPercent", 0, 100));
    }
}
