package dev.spillway.translator.resolve;

import dev.spillway.api.model.FailoverScheme;
import dev.spillway.translator.model.UpstreamCluster.Tier;
import dev.spillway.translator.resolve.PriorityLoads.Level;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A FailoverScheme's thresholds as Envoy settings, and what they do in words.
 *
 * <p>Envoy gives each priority a health of {@code min(100, factor * healthy / hosts)} percent
 * (LoadBalancerBase::recalculatePerPriorityState, load_balancer_impl.cc), where {@code factor} is the
 * assignment's {@code policy.overprovisioning_factor} in percent (140 = 1.4, Envoy's default; PGV:
 * {@code uint32 > 0}). A priority below 100 keeps only that share of the traffic and the rest spills to
 * the next priority. "Traffic stays while at least P% of the hosts are healthy" is therefore
 * {@code factor = 100 / P}, in percent {@code ceil(10000 / P)}: rounded up so that at exactly P% the
 * tier still holds (P = 50 gives 200, P = 100 gives 100, P = 30 gives 334).
 */
final class FailoverThresholds {
    /** Envoy's default factor, kDefaultOverProvisioningFactor in load_balancer_impl.h. */
    static final int ENVOY_FACTOR = 140;
    /** Envoy's default healthy panic threshold in percent (Cluster.CommonLbConfig docs, cluster.proto). */
    static final int ENVOY_PANIC = 50;
    /** The most healthy-primary counts the panic search tries (fewest healthy first). */
    private static final int MAX_PRIMARY_HOSTS_SEARCHED = 1_000;

    private FailoverThresholds() {}

    /** A warning about one field. */
    record Warning(String field, String message) {}

    /**
     * The scheme's thresholds resolved against its tiers.
     *
     * @param factor      the assignment's factor, or null to leave Envoy's 140
     * @param tierFactors priorities that need a factor of their own (a group threshold that the
     *                    assignment's factor cannot express for that tier's host count)
     * @param panic       the healthy panic threshold to set on the primary's cluster, or null
     * @param traffic     the status' account of it
     * @param warnings    settings that do not do what they appear to
     */
    record Resolved(
            Integer factor,
            SortedMap<Integer, Integer> tierFactors,
            Double panic,
            FailoverOutcome.Traffic traffic,
            List<Warning> warnings) {}

    /**
     * @param scheme the scheme
     * @param tiers  the primary's tiers: its own endpoints at priority 0, then the failover tiers
     */
    static Resolved of(FailoverScheme scheme, List<Tier> tiers) {
        List<Warning> warnings = new ArrayList<>();
        Integer factor = scheme.failoverThreshold() != null
                ? Integer.valueOf(factorFor(scheme.failoverThreshold()))
                : scheme.overprovisioningFactor();
        long clusterFactor = factor == null ? ENVOY_FACTOR : factor;
        if (factor != null && factor < 100) {
            warnings.add(new Warning(
                    "spec.overprovisioningFactor",
                    "is below 100: even with every host healthy a tier keeps only " + factor
                            + "% of its traffic and the rest always fails over"));
        }
        SortedMap<Integer, List<Integer>> levelHosts = EnvoyLevels.of(tiers);
        SortedMap<Integer, Integer> tierFactors = new TreeMap<>();
        SortedMap<Integer, Long> factors = new TreeMap<>();
        levelHosts.forEach((priority, sizes) -> {
            Double own = priority >= 1 && priority - 1 < scheme.failoverGroups().size()
                    ? scheme.failoverGroups().get(priority - 1).failoverThreshold()
                    : null;
            long f = clusterFactor;
            if (own != null && !sizes.stream().allMatch(n -> sameSplit(factorFor(own), clusterFactor, n))) {
                f = factorFor(own);
                tierFactors.put(priority, (int) f);
            }
            factors.put(priority, f);
        });
        Double panic = scheme.healthyPanicThreshold();
        int panicPercent = panic == null ? ENVOY_PANIC : (int) Math.round(panic);
        List<Level> levels = new ArrayList<>();
        List<Integer> origins = new ArrayList<>();
        levelHosts.forEach((p, sizes) -> sizes.forEach(n -> {
            levels.add(new Level(n, n, factors.get(p)));
            origins.add(p);
        }));
        PanicCase bad = panicCase(levels, panicPercent);
        if (bad != null) {
            warnings.add(new Warning(
                    "spec.healthyPanicThreshold", panicWarning(bad, panicPercent, levels, origins.get(bad.level()))));
        }
        FailoverOutcome.Traffic traffic = new FailoverOutcome.Traffic(
                (int) clusterFactor,
                thresholdOf(clusterFactor),
                panicPercent,
                panic != null ? "FailoverScheme" : "Envoy's default",
                words(levelHosts, factors, panicPercent));
        return new Resolved(factor, tierFactors, panic, traffic, warnings);
    }

    /** {@code ceil(10000 / P)}: the smallest factor that keeps a tier whole at exactly P% healthy. */
    static int factorFor(double percentage) {
        double exact = 10_000.0 / percentage;
        // A hair below the exact value first, so 10000/P that floating point puts just above an integer
        // (P = 100/3) does not round up past it.
        double f = Math.ceil(exact - 1e-9);
        return (int) Math.min(Integer.MAX_VALUE, f);
    }

    /** The share of healthy hosts from which a tier keeps all its traffic: 10000/factor, up to 0.01%. */
    static BigDecimal thresholdOf(long factor) {
        BigDecimal percent = BigDecimal.valueOf(10_000)
                .divide(BigDecimal.valueOf(factor), 2, RoundingMode.CEILING)
                .stripTrailingZeros();
        // 50, not 5E+1.
        return percent.scale() < 0 ? percent.setScale(0) : percent;
    }

    /** True when two factors give a tier of {@code hosts} hosts the same health at every healthy count. */
    private static boolean sameSplit(long a, long b, int hosts) {
        for (int k = 0; k <= hosts; k++) {
            if (Math.min(100, a * k / hosts) != Math.min(100, b * k / hosts)) {
                return false;
            }
        }
        return true;
    }

    /** A moment at which Envoy sends requests to unhealthy primary hosts although a failover tier has healthy ones. */
    private record PanicCase(int primaryHealthy, int level, int tierHealthy, int primaryLoad) {}

    /**
     * Searches the moments where the primary has unhealthy hosts, one failover priority has some healthy
     * hosts and the others none: the priorities' total health is lowest there, so if panic ever sends
     * requests to unhealthy primaries while failover capacity is left, it does so in one of these.
     */
    private static PanicCase panicCase(List<Level> levels, int panicPercent) {
        int primaryHosts = levels.get(0).hosts();
        if (panicPercent == 0 || primaryHosts == 0) {
            return null;
        }
        for (int k0 = 0; k0 < Math.min(primaryHosts, MAX_PRIMARY_HOSTS_SEARCHED); k0++) {
            for (int p = 1; p < levels.size(); p++) {
                for (int k = 1; k <= levels.get(p).hosts(); k++) {
                    List<Level> moment = new ArrayList<>();
                    for (int i = 0; i < levels.size(); i++) {
                        Level l = levels.get(i);
                        int healthy = i == 0 ? k0 : i == p ? k : 0;
                        moment.add(new Level(l.hosts(), healthy, l.factor()));
                    }
                    PriorityLoads.Split split = PriorityLoads.of(moment, panicPercent);
                    if (split.unhealthyServed(0, moment.get(0))) {
                        return new PanicCase(k0, p, k, split.load().get(0));
                    }
                }
            }
        }
        return null;
    }

    private static String panicWarning(PanicCase c, int panicPercent, List<Level> levels, int priority) {
        int safe = panicPercent - 1;
        while (safe > 0 && panicCase(levels, safe) != null) {
            safe--;
        }
        return "lets Envoy's panic mode (" + panicPercent + "%, per priority) send requests to unhealthy primary "
                + "hosts while failover hosts are healthy: with " + c.primaryHealthy + " of "
                + levels.get(0).hosts()
                + " primary hosts and " + c.tierHealthy + " of "
                + levels.get(c.level).hosts()
                + " hosts at priority " + priority + " healthy, " + c.primaryLoad
                + "% of requests go to any primary host, healthy or not; set spec.healthyPanicThreshold to "
                + safe + " or less (0 turns panic off)";
    }

    /** When traffic moves, per priority, in percent of healthy hosts. */
    private static String words(
            SortedMap<Integer, List<Integer>> levelHosts, SortedMap<Integer, Long> factors, int panicPercent) {
        StringBuilder s = new StringBuilder();
        levelHosts.forEach((p, sizes) -> {
            long factor = factors.get(p);
            s.append(p == 0 ? "" : "; ")
                    .append(p == 0 ? "the primary" : "priority " + p)
                    .append(" keeps all its traffic while at least ")
                    .append(thresholdOf(factor).toPlainString())
                    .append("% of its hosts are healthy");
            if (sizes.size() > 1) {
                // Two targets behind one gateway address are served as priorities of their own.
                s.append(" (served as ").append(sizes.size()).append(" priorities of ");
                s.append(String.join(", ", sizes.stream().map(String::valueOf).toList()));
                s.append(" hosts, one after the other)");
            } else if (sizes.get(0) > 0) {
                int hosts = sizes.get(0);
                long needed = (100L * hosts + factor - 1) / factor;
                s.append(" (")
                        .append(needed > hosts ? "never: " + hosts : needed + " of " + hosts)
                        .append(")");
            }
        });
        s.append("; below that its share shrinks in proportion and the rest moves to the next priority");
        s.append(
                panicPercent == 0
                        ? "; panic mode is off: unhealthy hosts never get requests"
                        : "; panic (" + panicPercent + "%) acts only while all priorities together are under 100%:"
                                + " then a priority under " + panicPercent
                                + "% healthy sends its share to all its hosts, healthy or not");
        return s.toString();
    }
}
