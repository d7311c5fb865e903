package dev.spillway.api.codec;

import static dev.spillway.api.codec.Decoding.assertAccepted;
import static dev.spillway.api.codec.Decoding.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.KubeService;
import dev.spillway.api.model.ServiceEndpoints;
import dev.spillway.api.model.ServiceEndpoints.Port;
import dev.spillway.api.model.ServiceEndpoints.Subset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Services, Endpoints and EndpointSlices: read for discovery, never warned about. */
class KubernetesKindsTest {

    @Test
    void loadBalancerServiceHasIngressAddresses() {
        KubeService service = (KubeService) assertAccepted("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: failover
                  namespace: gloo-system
                spec:
                  type: LoadBalancer
                  clusterIP: 10.96.0.10
                  ports:
                  - {name: failover, port: 15443, targetPort: failover-tls, nodePort: 32000, protocol: TCP}
                  - {name: plain, port: 80}
                status:
                  loadBalancer:
                    ingress:
                    - ip: 203.0.113.7
                    - hostname: lb.example.com
                    - {}
                """);

        assertThat(service.type()).isEqualTo("LoadBalancer");
        assertThat(service.ports())
                .containsExactly(
                        new KubeService.Port("failover", 15443, 0, "failover-tls", 32000),
                        new KubeService.Port("plain", 80, 80, "", 0));
        assertThat(service.ingress()).containsExactly("203.0.113.7", "lb.example.com");
    }

    @Test
    void serviceTypeDefaultsToClusterIp() {
        KubeService service = (KubeService) assertAccepted("""
                apiVersion: v1
                kind: Service
                metadata: {name: blue}
                spec:
                  ports: [{port: 80}]
                """);

        assertThat(service.type()).isEqualTo("ClusterIP");
    }

    @Test
    void servicePortOutOfRange() {
        assertRejected("""
                apiVersion: v1
                kind: Service
                metadata: {name: blue}
                spec:
                  ports: [{port: 80, nodePort: 70000}]
                """, "Service default/blue: spec.ports[0].nodePort 70000 is outside 1..65535");
    }

    @Test
    void endpointsKeepReadyAddresses() {
        ServiceEndpoints endpoints = (ServiceEndpoints) assertAccepted("""
                apiVersion: v1
                kind: Endpoints
                metadata: {name: service-blue, namespace: default}
                subsets:
                - addresses: [{ip: 10.244.0.5, nodeName: kind-control-plane}, {ip: 10.244.0.6}]
                  notReadyAddresses: [{ip: 10.244.0.7}]
                  ports: [{name: color, port: 10000, protocol: TCP}]
                """);

        assertThat(endpoints.kind()).isEqualTo(Kind.ENDPOINTS);
        assertThat(endpoints.serviceName()).isEqualTo("service-blue");
        assertThat(endpoints.subsets())
                .containsExactly(new Subset(List.of("10.244.0.5", "10.244.0.6"), List.of(new Port("color", 10000))));
    }

    @Test
    void endpointSliceKeepsReadyEndpoints() {
        ServiceEndpoints endpoints = (ServiceEndpoints) assertAccepted("""
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: service-blue-x7k2p
                  namespace: default
                  labels: {kubernetes.io/service-name: service-blue}
                addressType: IPv4
                endpoints:
                - addresses: [10.244.0.5]
                  conditions: {ready: true, serving: true}
                - addresses: [10.244.0.6]
                  conditions: {ready: false}
                - addresses: [10.244.0.7]
                ports:
                - {name: color, port: 10000, protocol: TCP}
                """);

        assertThat(endpoints.key().name()).isEqualTo("service-blue-x7k2p");
        assertThat(endpoints.serviceName()).isEqualTo("service-blue");
        assertThat(endpoints.subsets())
                .containsExactly(new Subset(List.of("10.244.0.5", "10.244.0.7"), List.of(new Port("color", 10000))));
    }

    @Test
    void oneBadAddressIsLeftOutWithAWarningAndTheOthersKept() {
        ServiceEndpoints endpoints = (ServiceEndpoints) Decoding.assertAcceptedWithWarnings(
                """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: service-blue-x7k2p
                  namespace: default
                  labels: {kubernetes.io/service-name: service-blue}
                addressType: IPv4
                endpoints:
                - addresses: ["", 10.244.0.5]
                - addresses: [blue.example.com]
                - addresses: ["fd00::7"]
                ports:
                - {name: color, port: 10000, protocol: TCP}
                """,
                "Endpoints default/service-blue-x7k2p: endpoints[0].addresses[0] is empty: left out, the other"
                        + " addresses are used",
                "Endpoints default/service-blue-x7k2p: endpoints[1].addresses[0] blue.example.com is not an IP"
                        + " address: left out, the other addresses are used");

        assertThat(endpoints.subsets())
                .containsExactly(new Subset(List.of("10.244.0.5", "fd00::7"), List.of(new Port("color", 10000))));
    }

    @Test
    void endpointSliceNeedsItsServiceName() {
        assertRejected(
                """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: service-blue-x7k2p}
                endpoints: []
                """, "Endpoints default/service-blue-x7k2p: metadata.labels.kubernetes.io/service-name is required");
    }
}
