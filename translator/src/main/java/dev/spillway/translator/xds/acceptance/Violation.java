package dev.spillway.translator.xds.acceptance;

/**
 * A rule of Envoy's own code (beyond PGV) that a produced resource breaks.
 *
 * @param path    the offending field, relative to the checked message ({@code health_checks[1]})
 * @param message what Envoy does with it, and where Envoy's code enforces it
 */
public record Violation(String path, String message) {

    /** A violation citing the Envoy source file and function that enforces the rule. */
    static Violation of(String path, String what, String envoySource) {
        return new Violation(path, what + " (Envoy: " + envoySource + ")");
    }

    /** The same violation with its path under a parent field. */
    Violation under(String prefix) {
        if (prefix.isEmpty()) {
            return this;
        }
        return new Violation(
                path.isEmpty() ? prefix : path.startsWith("[") ? prefix + path : prefix + "." + path, message);
    }
}
