package dev.spillway.translator.resolve;

import java.util.ArrayList;
import java.util.List;

/**
 * Envoy's split of traffic across the priorities of one cluster, ported so that a FailoverScheme's
 * status can say what its thresholds do. Follows {@code LoadBalancerBase::recalculatePerPriorityState},
 * {@code recalculatePerPriorityPanic}, {@code isHostSetInPanic}, {@code recalculateLoadInTotalPanic} and
 * {@code distributeLoad} in source/extensions/load_balancing_policies/common/load_balancer_impl.cc, with
 * no degraded hosts and unweighted priority health (Spillway sets neither).
 */
final class PriorityLoads {
    private PriorityLoads() {}

    /**
     * One priority as Envoy sees it at a moment.
     *
     * @param hosts   hosts at this priority
     * @param healthy of them, healthy
     * @param factor  overprovisioning factor of its host set, percent (EDS: the assignment's policy)
     */
    record Level(int hosts, int healthy, long factor) {}

    /**
     * What Envoy does with the levels.
     *
     * @param health per priority, {@code min(100, factor * healthy / hosts)}
     * @param load   per priority, the percent of requests sent there
     * @param panic  per priority, true when Envoy picks among all its hosts, healthy or not
     */
    record Split(List<Integer> health, List<Integer> load, List<Boolean> panic) {
        /** True when requests reach unhealthy hosts of the priority. */
        boolean unhealthyServed(int priority, Level level) {
            return panic.get(priority) && load.get(priority) > 0 && level.healthy() < level.hosts();
        }
    }

    /**
     * @param levels         priorities, 0 first
     * @param panicThreshold the cluster's healthy panic threshold in whole percent (Envoy rounds the
     *                       configured Percent, ProtobufPercentHelper::convertPercent)
     */
    static Split of(List<Level> levels, int panicThreshold) {
        int n = levels.size();
        int[] health = new int[n];
        for (int i = 0; i < n; i++) {
            Level l = levels.get(i);
            // Each priority's health is its healthy share times the overprovisioning factor, capped at 100.
            health[i] = l.hosts() == 0 ? 0 : (int) Math.min(100, l.factor() * l.healthy() / l.hosts());
        }
        int total = 0;
        for (int h : health) {
            total += h;
        }
        int normalizedTotal = Math.min(100, total);
        int[] load = new int[n];
        if (normalizedTotal > 0) {
            distribute(health, normalizedTotal, load);
        }
        boolean[] panic = new boolean[n];
        if (panicThreshold == 0 && normalizedTotal == 0) {
            // Nothing is healthy and panic is off: P=0 gets the (unservable) load.
            load[0] = 100;
            return split(health, load, panic);
        }
        boolean totalPanic = true;
        for (int i = 0; i < n; i++) {
            // Never panic while the priorities together are 100% healthy.
            panic[i] = normalizedTotal != 100 && inPanic(levels.get(i), panicThreshold);
            totalPanic &= panic[i];
        }
        if (totalPanic) {
            loadInTotalPanic(levels, load);
        }
        return split(health, load, panic);
    }

    private static void distribute(int[] health, int normalizedTotal, int[] load) {
        int remaining = 100;
        int firstAvailable = -1;
        for (int i = 0; i < health.length; i++) {
            if (firstAvailable < 0 && health[i] > 0) {
                firstAvailable = i;
            }
            load[i] = Math.min(remaining, health[i] * 100 / normalizedTotal);
            remaining -= load[i];
        }
        if (remaining != 0) {
            load[firstAvailable] += remaining;
        }
    }

    private static boolean inPanic(Level level, int panicThreshold) {
        double healthyPercent = level.hosts() == 0 ? 0.0 : 100.0 * level.healthy() / level.hosts();
        return healthyPercent < Math.min(100, panicThreshold);
    }

    /** Every priority in panic: load follows the host counts, health ignored. */
    private static void loadInTotalPanic(List<Level> levels, int[] load) {
        int totalHosts = levels.stream().mapToInt(Level::hosts).sum();
        java.util.Arrays.fill(load, 0);
        if (totalHosts == 0) {
            load[0] = 100;
            return;
        }
        int remaining = 100;
        int firstNonEmpty = -1;
        for (int i = 0; i < levels.size(); i++) {
            int hosts = levels.get(i).hosts();
            if (firstNonEmpty < 0 && hosts != 0) {
                firstNonEmpty = i;
            }
            load[i] = 100 * hosts / totalHosts;
            remaining -= load[i];
        }
        load[firstNonEmpty] += remaining;
    }

    private static Split split(int[] health, int[] load, boolean[] panic) {
        List<Integer> h = new ArrayList<>();
        List<Integer> l = new ArrayList<>();
        List<Boolean> p = new ArrayList<>();
        for (int i = 0; i < health.length; i++) {
            h.add(health[i]);
            l.add(load[i]);
            p.add(panic[i]);
        }
        return new Split(h, l, p);
    }
}
