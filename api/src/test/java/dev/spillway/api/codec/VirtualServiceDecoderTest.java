package dev.spillway.api.codec;

import static dev.spillway.api.codec.Decoding.assertAccepted;
import static dev.spillway.api.codec.Decoding.assertAcceptedWithWarnings;
import static dev.spillway.api.codec.Decoding.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.VirtualService;
import dev.spillway.api.model.VirtualService.Destination;
import dev.spillway.api.model.VirtualService.HeaderMatcher;
import dev.spillway.api.model.VirtualService.Matcher;
import dev.spillway.api.model.VirtualService.PathKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualServiceDecoderTest {

    private static final String TO_BLUE = "routeAction: {single: {upstream: {name: blue}}}";

    /** A VirtualService whose virtual host has the given routes (a YAML list). */
    private static String withRoutes(String routes) {
        return """
                apiVersion: gateway.solo.io/v1
                kind: VirtualService
                metadata:
                  name: default
                  namespace: gloo-system
                spec:
                  virtualHost:
                    domains: [blue.example.com]
                    routes:
                """ + routes.indent(4);
    }

    private static Destination blue(int weight) {
        return new Destination(new ResourceRef("blue", "gloo-system"), weight);
    }

    @Test
    void decodesMatchersAndActions() {
        VirtualService vs = (VirtualService) assertAccepted(withRoutes("""
                - matchers:
                  - exact: /login
                    methods: [POST]
                  - regex: /api/v[0-9]+/.*
                    headers:
                    - {name: x-color, value: blue}
                    - {name: x-debug}
                    - {name: x-env, value: "prod|staging", regex: true, invertMatch: true}
                  routeAction:
                    multi:
                      destinations:
                      - {destination: {upstream: {name: blue}}, weight: 3}
                      - {destination: {upstream: {name: green, namespace: apps}}, weight: 1}
                - routeAction: {single: {upstream: {name: blue}}}
                """));

        assertThat(vs.domains()).containsExactly("blue.example.com");
        assertThat(vs.routes())
                .containsExactly(
                        new VirtualService.Route(
                                List.of(
                                        new Matcher(PathKind.EXACT, "/login", List.of(), List.of("POST")),
                                        new Matcher(
                                                PathKind.REGEX,
                                                "/api/v[0-9]+/.*",
                                                List.of(
                                                        new HeaderMatcher("x-color", "blue", false, false),
                                                        new HeaderMatcher("x-debug", "", false, false),
                                                        new HeaderMatcher("x-env", "prod|staging", true, true)),
                                                List.of())),
                                new VirtualService.RouteAction(
                                        List.of(blue(3), new Destination(new ResourceRef("green", "apps"), 1)), true)),
                        new VirtualService.Route(List.of(), new VirtualService.RouteAction(List.of(blue(0)), false)));
    }

    @Test
    void matcherWithoutPathMatchesPrefixSlash() {
        VirtualService vs = (VirtualService) assertAccepted(withRoutes("- matchers: [{methods: [GET]}]\n  " + TO_BLUE));

        assertThat(vs.routes().get(0).matchers())
                .containsExactly(new Matcher(PathKind.PREFIX, "/", List.of(), List.of("GET")));
    }

    @Test
    void domainsDefaultToEverything() {
        VirtualService vs =
                (VirtualService) assertAccepted(withRoutes("- " + TO_BLUE).replace("domains: [blue.example.com]", ""));

        assertThat(vs.domains()).containsExactly("*");
    }

    @Test
    void matcherHasOnlyOnePathForm() {
        assertRejected(
                withRoutes("- matchers: [{prefix: /, exact: /a}]\n  " + TO_BLUE),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].matchers[0] "
                        + "must set only one of prefix, exact, regex");
    }

    @Test
    void invalidRegex() {
        assertRejected(
                withRoutes("- " + TO_BLUE + "\n- matchers: [{regex: \"/(unclosed\"}]\n  " + TO_BLUE),
                "VirtualService gloo-system/default: spec.virtualHost.routes[1].matchers[0].regex "
                        + "is not a valid regular expression: Unclosed group");
    }

    @Test
    void invalidHeaderRegex() {
        assertRejected(
                withRoutes("- matchers: [{headers: [{name: x, value: \"*\", regex: true}]}]\n  " + TO_BLUE),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].matchers[0].headers[0].value "
                        + "is not a valid regular expression: Dangling meta character '*'");
    }

    @Test
    void routeActionIsSingleOrMulti() {
        assertRejected(
                withRoutes("- routeAction: {}"),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].routeAction "
                        + "must set exactly one of single, multi");
    }

    @Test
    void routeNeedsAnAction() {
        assertRejected(
                withRoutes("- matchers: [{prefix: /}]"),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].routeAction is required");
    }

    @Test
    void singleDestinationNeedsAnUpstream() {
        assertRejected(
                withRoutes("- routeAction: {single: {}}"),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].routeAction.single.upstream "
                        + "is required");
    }

    @Test
    void weightsAreAtLeastOne() {
        assertRejected(
                withRoutes("- routeAction: {multi: {destinations: [{destination: {upstream: {name: blue}}, "
                        + "weight: 0}]}}"),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].routeAction.multi.destinations[0]"
                        + ".weight must be at least 1");
    }

    @Test
    void directResponseRouteIsDroppedWithAWarning() {
        VirtualService vs = (VirtualService) assertAcceptedWithWarnings(
                withRoutes("""
                - matchers: [{exact: /teapot}]
                  directResponseAction: {status: 418}
                - routeAction: {single: {upstream: {name: blue}}}
                """),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].directResponseAction "
                        + "is not supported by Spillway yet and was ignored");

        assertThat(vs.routes()).hasSize(1);
        assertThat(vs.routes().get(0).action().destinations()).containsExactly(blue(0));
    }

    @Test
    void redirectRouteIsDroppedWithAWarning() {
        VirtualService vs = (VirtualService) assertAcceptedWithWarnings(
                withRoutes("- redirectAction: {httpsRedirect: true}"),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].redirectAction "
                        + "is not supported by Spillway yet and was ignored");

        assertThat(vs.routes()).isEmpty();
    }

    @Test
    void upstreamGroupRouteIsDroppedWithAWarning() {
        VirtualService vs = (VirtualService) assertAcceptedWithWarnings(
                withRoutes("- routeAction: {upstreamGroup: {name: colors}}"),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].routeAction.upstreamGroup "
                        + "is not supported by Spillway yet and was ignored");

        assertThat(vs.routes()).isEmpty();
    }

    @Test
    void routeOptionsAreNotSupported() {
        VirtualService vs = (VirtualService) assertAcceptedWithWarnings(
                withRoutes("- options: {prefixRewrite: /v2}\n  " + TO_BLUE),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].options "
                        + "is not supported by Spillway yet and was ignored");

        assertThat(vs.routes()).hasSize(1);
    }
}
