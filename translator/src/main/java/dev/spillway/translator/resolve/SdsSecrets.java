package dev.spillway.translator.resolve;

import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.translator.model.SdsSecret;
import java.util.List;

/** A TLS Secret as the SDS secrets a group receives: its certificate and key, and its CA when it has one. */
final class SdsSecrets {
    private SdsSecrets() {}

    /** Adds the certificate and key to the group's secrets; returns its SDS name. */
    static String certificate(TlsSecret secret, List<SdsSecret> into) {
        ResourceRef ref = secret.meta().ref();
        into.add(new SdsSecret(Names.certificateSecret(ref), secret.certChain(), secret.privateKey(), ""));
        return Names.certificateSecret(ref);
    }

    /** Adds the CA bundle, when the secret has one; returns its SDS name, or null. */
    static String validation(TlsSecret secret, List<SdsSecret> into) {
        if (!secret.hasRootCa()) {
            return null;
        }
        String name = Names.validationSecret(secret.meta().ref());
        into.add(new SdsSecret(name, "", "", secret.rootCa()));
        return name;
    }
}
