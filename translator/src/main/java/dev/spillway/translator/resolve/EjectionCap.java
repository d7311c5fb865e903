package dev.spillway.translator.resolve;

import dev.spillway.api.model.Upstream;
import java.util.Optional;

/**
 * Whether outlier detection alone can take a failing primary out of rotation. Envoy ejects a host only
 * while the ejected share of the whole cluster, failover endpoints included, is below
 * {@code max_ejection_percent} (DetectorImpl::ejectHost, source/common/upstream/outlier_detection_impl.cc;
 * "not currently checked per-priority level"), which defaults to 10 (DEFAULT_MAX_EJECTION_PERCENT,
 * outlier_detection_impl.h). Below 100 the failing primary hosts past that share stay healthy, priority 0
 * keeps its load, and failover may never happen.
 */
final class EjectionCap {
    /** Envoy's {@code max_ejection_percent} when the field is unset. */
    static final int ENVOY_DEFAULT_MAX_EJECTION_PERCENT = 10;

    private EjectionCap() {}

    /** The warning for a scheme on this primary, if outlier detection is what backs it and it is capped. */
    static Optional<String> warning(Upstream primary) {
        Upstream.OutlierDetection od = primary.outlierDetection();
        if (od == null || !primary.healthChecks().isEmpty()) {
            return Optional.empty();
        }
        boolean unset = od.maxEjectionPercent() == null;
        int cap = unset ? ENVOY_DEFAULT_MAX_EJECTION_PERCENT : od.maxEjectionPercent();
        if (cap >= 100) {
            return Optional.empty();
        }
        return Optional.of("failover rests on outlier detection alone and "
                + "spec.outlierDetection.maxEjectionPercent of Upstream "
                + primary.meta().name() + "." + primary.meta().namespace() + " is " + cap + "%"
                + (unset ? " (Envoy's default)" : "")
                + ": Envoy ejects no more than that share of the cluster's hosts, so failing hosts stay in "
                + "rotation and failover may never happen; set maxEjectionPercent: 100 or add a health check");
    }
}
