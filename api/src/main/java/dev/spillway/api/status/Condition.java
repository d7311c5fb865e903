package dev.spillway.api.status;

/**
 * One readiness check on a FailoverScheme, in the shape of a Kubernetes status condition.
 *
 * @param type     what is checked ({@code ClientCertificateValid}), CamelCase as Kubernetes conditions are
 * @param status   true when the check holds
 * @param reason   one CamelCase word for the outcome ({@code Expired})
 * @param message  the outcome in words; never key material
 * @param severity what the outcome means for the tier: {@link Severity#ERROR} makes it not ready
 */
public record Condition(String type, boolean status, String reason, String message, Severity severity) {

    /** How much a condition's outcome matters. */
    public enum Severity {
        /** Nothing to do. */
        INFO,
        /** The tier works, but something needs attention (a certificate that expires soon). */
        WARNING,
        /** The tier would not carry traffic if failover happened now. */
        ERROR
    }

    public static Condition met(String type, String reason, String message) {
        return new Condition(type, true, reason, message, Severity.INFO);
    }

    public static Condition failed(String type, String reason, String message) {
        return new Condition(type, false, reason, message, Severity.ERROR);
    }

    public static Condition warning(String type, boolean status, String reason, String message) {
        return new Condition(type, status, reason, message, Severity.WARNING);
    }

    /** An outcome worth knowing that neither blocks nor warns (a gateway certificate left unverified). */
    public static Condition note(String type, boolean status, String reason, String message) {
        return new Condition(type, status, reason, message, Severity.INFO);
    }

    /** True when this outcome makes its tier not ready. */
    public boolean blocks() {
        return severity == Severity.ERROR;
    }

    /** Kubernetes' spelling of the status: {@code True} or {@code False}. */
    public String statusText() {
        return status ? "True" : "False";
    }
}
