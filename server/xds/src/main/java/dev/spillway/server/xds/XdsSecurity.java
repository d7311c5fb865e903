package dev.spillway.server.xds;

import java.util.Optional;

/**
 * Where the xDS port listens and who may use it.
 *
 * @param address     bind address; null: {@link XdsServer#ALL_INTERFACES} with TLS, {@link XdsServer#LOOPBACK}
 *                    without, so secrets never travel unauthenticated beyond this host unless asked for
 * @param tls         the port's TLS; null: plaintext
 * @param trustDomain the SPIFFE trust domain of client certificate identities
 */
public record XdsSecurity(String address, XdsTls tls, String trustDomain) {
    /** Plaintext on loopback: what tests and a first {@code spillway serve} run. */
    public static final XdsSecurity LOOPBACK_PLAINTEXT = new XdsSecurity(null, null, SpiffeId.DEFAULT_TRUST_DOMAIN);

    /** The address the port binds. */
    public String bindAddress() {
        if (address != null) {
            return address;
        }
        return tls == null ? XdsServer.LOOPBACK : XdsServer.ALL_INTERFACES;
    }

    /** With client certificates, each identity receives only its groups; otherwise anyone receives any group. */
    public StreamAuthorizer authorizer() {
        return tls != null && tls.verifiesClients() ? StreamAuthorizer.spiffe(trustDomain) : StreamAuthorizer.ANYONE;
    }

    /** What an operator must be told once at start, if anything. */
    public Optional<String> warning() {
        if (tls == null) {
            return Optional.of("xDS port without TLS on " + bindAddress() + ": configuration and secrets (private"
                    + " keys) go unauthenticated and unencrypted to any client that connects and names a proxy"
                    + " group; use --xds-tls-cert/--xds-tls-key with --xds-client-ca");
        }
        if (!tls.verifiesClients()) {
            return Optional.of("xDS port without client certificates: any client that connects can claim any"
                    + " proxy group and receive its secrets; add --xds-client-ca");
        }
        return Optional.empty();
    }
}
