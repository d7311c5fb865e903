package dev.spillway.api.codec;

import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.SslOptions;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Gloo's {@code sslConfig} on Upstreams ({@code UpstreamSslConfig}) and VirtualServices ({@code SslConfig}).
 * The checks here are the ones Gloo's {@code ResolveCommonSslConfig} (projects/gloo/pkg/utils/ssl.go) makes,
 * so what Gloo would refuse is refused here, naming the field, instead of reaching Envoy half-configured.
 */
final class SslDecoder {
    private static final String VERSIONS =
            Arrays.stream(SslOptions.ProtocolVersion.values()).map(Enum::name).collect(Collectors.joining(", "));

    private SslDecoder() {}

    static Upstream.UpstreamSsl upstream(NodeReader ssl, String namespace) {
        ssl.atMostOne("secretRef", "sslFiles", "sds");
        ResourceRef secretRef = ssl.ref("secretRef", namespace);
        SslOptions.Files files = ssl.object("sslFiles", SslDecoder::files);
        SslOptions.Sds sds = ssl.object("sds", SslDecoder::sds);
        List<String> sans = ssl.strings("verifySubjectAltName");
        if (!sans.isEmpty()) {
            checkSanHasCa(ssl, files, sds, secretRef != null);
        }
        SslOptions.Parameters parameters = ssl.object("parameters", SslDecoder::parameters);
        ssl.notSupported("allowRenegotiation", "oneWayTls");
        return new Upstream.UpstreamSsl(
                secretRef, ssl.string("sni"), files, sds, sans, parameters, ssl.strings("alpnProtocols"));
    }

    static VirtualService.DownstreamSsl downstream(NodeReader ssl, String namespace) {
        ssl.notSupported(
                "sslFiles", "sds", "disableTlsSessionResumption", "transportSocketConnectTimeout", "ocspStaplePolicy");
        ResourceRef secretRef = ssl.ref("secretRef", namespace);
        SslOptions.Parameters parameters = ssl.object("parameters", SslDecoder::parameters);
        return new VirtualService.DownstreamSsl(
                secretRef,
                ssl.strings("sniDomains"),
                ssl.bool("oneWayTls"),
                ssl.strings("alpnProtocols"),
                ssl.strings("verifySubjectAltName"),
                parameters);
    }

    /** Gloo: "both or none of cert chain and private key must be provided". */
    private static SslOptions.Files files(NodeReader files) {
        String cert = files.string("tlsCert");
        String key = files.string("tlsKey");
        String rootCa = files.string("rootCa");
        files.notSupported("ocspStaple");
        if (cert.isEmpty() != key.isEmpty()) {
            String missing = cert.isEmpty() ? "tlsCert" : "tlsKey";
            files.error(
                    missing,
                    "is required with " + (cert.isEmpty() ? "tlsKey" : "tlsCert")
                            + ": a certificate chain and its private key go together");
        } else if (cert.isEmpty() && rootCa.isEmpty()) {
            files.error("rootCa", "is required when tlsCert and tlsKey are not given: sslFiles names no file");
        }
        return new SslOptions.Files(cert, key, rootCa);
    }

    /** Gloo's {@code handleSds}, but the SDS server must be named: Spillway cannot see the bootstrap's clusters. */
    private static SslOptions.Sds sds(NodeReader sds) {
        sds.notSupported("callCredentials");
        sds.atMostOne("targetUri", "clusterName");
        String targetUri = sds.string("targetUri");
        String clusterName = sds.string("clusterName");
        if (targetUri.isEmpty() && clusterName.isEmpty()) {
            sds.error("clusterName", "is required (or targetUri): the SDS server Envoy fetches the secrets from");
        }
        String certificates = sds.string("certificatesSecretName");
        String validation = sds.string("validationContextName");
        if (certificates.isEmpty() && validation.isEmpty()) {
            sds.error("certificatesSecretName", "is required (or validationContextName): sds names no secret");
        }
        return new SslOptions.Sds(targetUri, clusterName, certificates, validation);
    }

    /**
     * Envoy refuses SAN matchers without a trusted CA ("SAN-based verification of peer certificates without
     * trusted CA is insecure and not allowed", CertificateValidationContextConfigImpl::initialize in
     * source/common/ssl/certificate_validation_context_config_impl.cc); Gloo says "a root_ca must be provided".
     * A secretRef's CA is checked once the Secret is known.
     */
    private static void checkSanHasCa(NodeReader ssl, SslOptions.Files files, SslOptions.Sds sds, boolean secretRef) {
        if (files != null && files.rootCa().isEmpty()) {
            ssl.error(
                    "verifySubjectAltName",
                    "needs sslFiles.rootCa: a SAN is only checked on a certificate" + " verified against a CA");
        } else if (sds != null && sds.validationContextName().isEmpty()) {
            ssl.error(
                    "verifySubjectAltName",
                    "needs sds.validationContextName: a SAN is only checked on a"
                            + " certificate verified against a CA");
        } else if (files == null && sds == null && !secretRef) {
            ssl.error(
                    "verifySubjectAltName",
                    "needs a CA (secretRef with ca.crt, sslFiles.rootCa or sds):"
                            + " a SAN is only checked on a certificate verified against a CA");
        }
    }

    private static SslOptions.Parameters parameters(NodeReader parameters) {
        SslOptions.ProtocolVersion min = version(parameters, "minimumProtocolVersion");
        SslOptions.ProtocolVersion max = version(parameters, "maximumProtocolVersion");
        if (min != null
                && max != null
                && min != SslOptions.ProtocolVersion.TLS_AUTO
                && max != SslOptions.ProtocolVersion.TLS_AUTO
                && min.compareTo(max) > 0) {
            parameters.error(
                    "minimumProtocolVersion",
                    "is above maximumProtocolVersion " + max + ": no TLS version would remain");
        }
        return new SslOptions.Parameters(
                min, max, parameters.strings("cipherSuites"), parameters.strings("ecdhCurves"));
    }

    /** Gloo's {@code convertVersion}: an unknown version is an error ("tls version ... not found"). */
    private static SslOptions.ProtocolVersion version(NodeReader parameters, String name) {
        if (!parameters.has(name)) {
            parameters.skip(name);
            return null;
        }
        String text = parameters.string(name);
        for (SslOptions.ProtocolVersion v : SslOptions.ProtocolVersion.values()) {
            if (v.name().equals(text)) {
                return v;
            }
        }
        parameters.error(name, "must be one of " + VERSIONS);
        return null;
    }
}
