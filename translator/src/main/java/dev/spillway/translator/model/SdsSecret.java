package dev.spillway.translator.model;

/**
 * An SDS secret: either a certificate with its key, or a validation context (CA bundle).
 *
 * @param name       {@code <namespace>_<name>}, or {@code <namespace>_<name>-cacert} for a CA
 * @param certChain  PEM certificate chain, empty for a CA secret
 * @param privateKey PEM private key, empty for a CA secret
 * @param trustedCa  PEM CA bundle, empty for a certificate secret
 */
public record SdsSecret(String name, String certChain, String privateKey, String trustedCa) {

    /** True for a validation context. */
    public boolean isValidationContext() {
        return !trustedCa.isEmpty();
    }

    @Override
    public String toString() {
        return "SdsSecret[" + name + "]";
    }
}
