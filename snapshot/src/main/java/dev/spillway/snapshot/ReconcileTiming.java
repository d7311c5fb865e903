package dev.spillway.snapshot;

/**
 * Where the time of one reconciliation went.
 *
 * @param debounceNanos    from the first change handed over to the start of its translation
 * @param translationNanos translating (resolve and Envoy resources)
 * @param publishNanos     publishing every group's snapshot
 * @param confined         true when only what the change touched was translated again
 */
public record ReconcileTiming(long debounceNanos, long translationNanos, long publishNanos, boolean confined) {}
