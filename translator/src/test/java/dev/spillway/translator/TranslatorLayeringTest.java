package dev.spillway.translator;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.spillway.api.ContentHash;
import dev.spillway.api.model.ClusterRegistration;
import dev.spillway.api.model.KubeService;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.GatewayAddresses;
import java.util.Collection;

/**
 * The translator's two stages: {@code resolve} reads the Gloo schema (api records) and produces the
 * {@code model}, which knows neither the schema nor Envoy; {@code xds} turns the model into Envoy protos
 * and is the only place that knows them. Identities (ResourceKey, ProxyGroup) are shared by all, and
 * xds also uses the statuses' vocabulary and the one content hash. {@code tls} reads PEM for whoever
 * needs it (the resolve stage's Secret checks, readiness, the server) and needs none of them.
 */
@AnalyzeClasses(packages = "dev.spillway.translator", importOptions = ImportOption.DoNotIncludeTests.class)
class TranslatorLayeringTest {
    private static final String XDS = "dev.spillway.translator.xds..";
    private static final String RESOLVE = "dev.spillway.translator.resolve..";
    private static final String MODEL = "dev.spillway.translator.model..";
    private static final String TLS = "dev.spillway.translator.tls..";
    private static final String ENVOY = "io.envoyproxy..";
    private static final String PROTOBUF = "com.google.protobuf..";

    @ArchTest
    static final ArchRule SOURCES_FIND_GATEWAY_ADDRESSES = noClasses()
            .should()
            .callMethod(KubeService.class, "ingress")
            .orShould()
            .callMethod(KubeService.Port.class, "nodePort")
            .orShould()
            .callMethod(
                    GatewayAddresses.class,
                    "of",
                    String.class,
                    ClusterRegistration.class,
                    Collection.class,
                    GatewayAddresses.Environment.class)
            .because("where a failover gateway is reached is the sources' one rule (api's GatewayAddresses);"
                    + " the translator reads the inventory's answer");

    @ArchTest
    static final ArchRule ONLY_XDS_KNOWS_ENVOY = noClasses()
            .that()
            .resideOutsideOfPackage(XDS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ENVOY, PROTOBUF)
            .because("Envoy's protos are the xds stage's output format and nobody else's business");

    @ArchTest
    static final ArchRule XDS_SEES_ONLY_THE_MODEL = noClasses()
            .that()
            .resideInAPackage(XDS)
            .should()
            .dependOnClassesThat(resideInAnyPackage(RESOLVE)
                    .or(resideInAPackage("dev.spillway.translator"))
                    .or(resideInAnyPackage("dev.spillway.api..")
                            .and(not(resideInAnyPackage("dev.spillway.api.status..")))
                            .and(not(belongToAnyOf(ResourceKey.class, ProxyGroup.class, ContentHash.class)))))
            .because("the xds builders turn the model into protos and never see the Gloo schema");

    @ArchTest
    static final ArchRule MODEL_IS_ITS_OWN = noClasses()
            .that()
            .resideInAPackage(MODEL)
            .should()
            .dependOnClassesThat(resideInAnyPackage(RESOLVE, XDS, ENVOY, PROTOBUF)
                    .or(resideInAPackage("dev.spillway.translator"))
                    .or(resideInAnyPackage("dev.spillway.api..")
                            .and(not(belongToAnyOf(ResourceKey.class, ProxyGroup.class)))))
            .because("the resolved model holds its own records: neither the Gloo schema nor Envoy's");

    @ArchTest
    static final ArchRule TLS_IS_A_LEAF = noClasses()
            .that()
            .resideInAPackage(TLS)
            .should()
            .dependOnClassesThat(
                    resideInAnyPackage(RESOLVE, XDS, MODEL, "dev.spillway.translator.readiness..", ENVOY, PROTOBUF)
                            .or(resideInAPackage("dev.spillway.translator")))
            .because("reading PEM is shared by the stages and must not depend on any of them");
}
