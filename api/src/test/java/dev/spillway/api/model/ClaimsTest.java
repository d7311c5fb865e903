package dev.spillway.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimsTest {
    private static final ObjectMeta META = new ObjectMeta("local", "gloo-system", "x", Map.of(), 0, "");

    @Test
    void aGatewayClaimsItsSocketOnEachProxy() {
        Gateway gateway = new Gateway(META, "::", 8080, List.of("gateway-proxy", "edge"), null, null);

        assertThat(Claims.of(gateway)).containsExactly("port:gateway-proxy/[::]:8080", "port:edge/[::]:8080");
    }

    @Test
    void aVirtualServiceClaimsEachDomainIgnoringCase() {
        VirtualService vs = new VirtualService(META, List.of("A.example.com", "a.example.com", "*"), List.of());

        assertThat(Claims.of(vs)).containsExactly("domain:a.example.com", "domain:*");
    }

    @Test
    void aFailoverSchemeClaimsItsPrimary() {
        FailoverScheme scheme = new FailoverScheme(
                META, new FailoverScheme.Target("local", new ResourceRef("blue", "gloo-system")), List.of(), null);

        assertThat(Claims.of(scheme)).containsExactly("primary:local/gloo-system/blue");
    }

    @Test
    void aClaimKeptKeepsItsOrderAndAClaimGainedTakesTheNewOne() {
        VirtualService before = withSeen(
                        new VirtualService(META, List.of("a.example.com", "b.example.com"), List.of()), 2)
                .withMeta(withSeen(META, 2).withClaims(Map.of("domain:b.example.com", 5L)));
        VirtualService now = new VirtualService(
                withSeen(META, 2), List.of("a.example.com", "B.example.com", "c.example.com"), List.of());

        Resource stamped = Claims.stamped(now, before, 7);

        assertThat(stamped.meta().claims()).isEqualTo(Map.of("domain:b.example.com", 5L, "domain:c.example.com", 7L));
        assertThat(stamped.meta().since("domain:a.example.com")).isEqualTo(2);
        assertThat(stamped.meta().since("domain:c.example.com")).isEqualTo(7);
    }

    @Test
    void aNewcomerHoldsEveryClaimSinceItWasSeenAndAClaimGivenUpIsForgotten() {
        VirtualService fresh = withSeen(new VirtualService(META, List.of("a.example.com"), List.of()), 4);
        VirtualService before = new VirtualService(
                META.withClaims(Map.of("domain:a.example.com", 3L)), List.of("a.example.com"), List.of());
        VirtualService now = new VirtualService(META, List.of("b.example.com"), List.of());

        assertThat(Claims.stamped(fresh, null, 4)).isSameAs(fresh);
        assertThat(Claims.stamped(now, before, 0).meta().claims()).isEmpty();
        assertThat(Claims.stamped(now, before, 9).meta().claims()).isEqualTo(Map.of("domain:b.example.com", 9L));
    }

    private static ObjectMeta withSeen(ObjectMeta meta, long seen) {
        return meta.withSeen(seen);
    }

    private static VirtualService withSeen(VirtualService vs, long seen) {
        return vs.withMeta(vs.meta().withSeen(seen));
    }
}
