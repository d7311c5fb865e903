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
    void directResponseRouteKeepsStatusAndBody() {
        VirtualService vs = (VirtualService) assertAccepted(withRoutes("""
                - matchers: [{exact: /teapot}]
                  directResponseAction: {status: 418, body: short and stout}
                """));

        assertThat(vs.routes().get(0).action()).isNull();
        assertThat(vs.routes().get(0).directResponse())
                .isEqualTo(new VirtualService.DirectResponse(418, "short and stout"));
    }

    @Test
    void directResponseStatusIsAnHttpStatus() {
        assertRejected(
                withRoutes("- directResponseAction: {status: 99}"),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].directResponseAction.status "
                        + "99 is outside 200..599");
    }

    @Test
    void redirectResponseCodeIsReadByNameOrNumber() {
        VirtualService vs = (VirtualService) assertAccepted(withRoutes("""
                - redirectAction: {httpsRedirect: true, responseCode: SEE_OTHER}
                - redirectAction: {hostRedirect: b.example.com, pathRedirect: /x, responseCode: 3}
                - redirectAction: {prefixRewrite: /new}
                """));

        assertThat(vs.routes())
                .extracting(VirtualService.Route::redirect)
                .containsExactly(
                        new VirtualService.Redirect("", null, null, 303, true, false),
                        new VirtualService.Redirect("b.example.com", "/x", null, 307, false, false),
                        new VirtualService.Redirect("", null, "/new", 301, false, false));
    }

    @Test
    void aRouteHasOneAction() {
        assertRejected(
                withRoutes("- redirectAction: {httpsRedirect: true}\n  " + TO_BLUE),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0] must set only one of routeAction,"
                        + " redirectAction, directResponseAction, delegateAction, graphqlApiRef");
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
    void routeNameAndOptionsAreRead() {
        VirtualService vs = (VirtualService) assertAccepted(withRoutes("""
                - name: blue
                  options:
                    prefixRewrite: ""
                    timeout: 2s
                    retries: {retryOn: 5xx, previousPriorities: {}}
                """ + "  " + TO_BLUE));

        VirtualService.Route route = vs.routes().get(0);
        assertThat(route.name()).isEqualTo("blue");
        assertThat(route.options().prefixRewrite()).isEmpty();
        assertThat(route.options().timeout()).hasSeconds(2);
        // Gloo sends numRetries 1 when unset, and updateFrequency 1 for an empty previousPriorities.
        assertThat(route.options().retries().numRetries()).isEqualTo(1);
        assertThat(route.options().retries().previousPriorities()).isEqualTo(1);
    }

    @Test
    void unknownRouteOptionsAreWarnedAndTheRestKept() {
        VirtualService vs = (VirtualService) assertAcceptedWithWarnings(
                withRoutes("- options: {prefixRewrite: /v2, waf: {customInterventionMessage: no}}\n  " + TO_BLUE),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].options.waf "
                        + "is not supported by Spillway yet and was ignored");

        assertThat(vs.routes().get(0).options().prefixRewrite()).isEqualTo("/v2");
    }

    @Test
    void retryBackOffNeedsABaseIntervalNoGreaterThanItsMax() {
        assertRejected(
                withRoutes("- options: {retries: {retryBackOff: {maxInterval: 1s}}}\n  " + TO_BLUE),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].options.retries.retryBackOff"
                        + ".baseInterval is required when maxInterval is set (Envoy requires base_interval)");
        assertRejected(
                withRoutes(
                        "- options: {retries: {retryBackOff: {baseInterval: 0.5s, maxInterval: 0.2s}}}\n  " + TO_BLUE),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].options.retries.retryBackOff"
                        + ".maxInterval must be at least baseInterval: Envoy rejects a retry back-off whose"
                        + " max_interval is below its base_interval");
    }

    @Test
    void pseudoHeadersAndHostCannotBeChanged() {
        assertRejected(
                withRoutes("- options: {headerManipulation: {requestHeadersToAdd: [{header: {key: Host, value: x}}]}}"
                        + "\n  " + TO_BLUE),
                "VirtualService gloo-system/default: spec.virtualHost.routes[0].options.headerManipulation"
                        + ".requestHeadersToAdd[0].header.key Host: pseudo-headers and Host may not be set (Envoy"
                        + " rejects the route)");
    }
}
