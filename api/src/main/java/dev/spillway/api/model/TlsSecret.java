package dev.spillway.api.model;

/**
 * A {@code kubernetes.io/tls} Secret, as {@code glooctl create secret tls} stores it.
 *
 * @param meta       metadata
 * @param certChain  PEM certificate chain ({@code tls.crt})
 * @param privateKey PEM private key ({@code tls.key})
 * @param rootCa     PEM CA bundle ({@code ca.crt}), empty when absent
 */
public record TlsSecret(ObjectMeta meta, String certChain, String privateKey, String rootCa) implements Resource {

    public TlsSecret {
        rootCa = rootCa == null ? "" : rootCa;
    }

    @Override
    public Kind kind() {
        return Kind.SECRET;
    }

    @Override
    public TlsSecret withMeta(ObjectMeta m) {
        return new TlsSecret(m, certChain, privateKey, rootCa);
    }

    /** True when the secret carries a CA to verify peers with. */
    public boolean hasRootCa() {
        return !rootCa.isEmpty();
    }

    @Override
    public String toString() {
        return "TlsSecret[" + meta.namespace() + "/" + meta.name() + ", privateKey=[redacted]]";
    }
}
