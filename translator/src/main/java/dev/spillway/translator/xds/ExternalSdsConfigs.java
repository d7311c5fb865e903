package dev.spillway.translator.xds;

import dev.spillway.translator.model.TlsSettings;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;

/**
 * SDS configs for an SDS server that is not Spillway, as Gloo's {@code buildSds} (projects/gloo/pkg/utils/ssl.go)
 * writes them: a gRPC API config source, through Envoy's own client to a bootstrap cluster ({@code clusterName}),
 * or through the Google gRPC client to a target URI ({@code targetUri}).
 */
final class ExternalSdsConfigs {
    private ExternalSdsConfigs() {}

    static SdsSecretConfig of(String secretName, TlsSettings.ExternalSds server) {
        GrpcService.Builder grpc = GrpcService.newBuilder();
        if (!server.clusterName().isEmpty()) {
            grpc.setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder().setClusterName(server.clusterName()));
        } else {
            grpc.setGoogleGrpc(GrpcService.GoogleGrpc.newBuilder()
                    .setTargetUri(server.targetUri())
                    .setStatPrefix(secretName));
        }
        ConfigSource source = ConfigSource.newBuilder()
                .setResourceApiVersion(ApiVersion.V3)
                .setApiConfigSource(ApiConfigSource.newBuilder()
                        .setApiType(ApiConfigSource.ApiType.GRPC)
                        .setTransportApiVersion(ApiVersion.V3)
                        .addGrpcServices(grpc))
                .build();
        return SdsSecretConfig.newBuilder()
                .setName(secretName)
                .setSdsConfig(source)
                .build();
    }
}
