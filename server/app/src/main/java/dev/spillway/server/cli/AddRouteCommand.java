package dev.spillway.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spillway.api.codec.Yaml;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.VirtualService;
import dev.spillway.api.status.Problem;
import dev.spillway.server.cli.edit.Checks;
import dev.spillway.server.cli.edit.ClusterDirectory;
import dev.spillway.server.cli.edit.Commands;
import dev.spillway.server.cli.edit.EditException;
import dev.spillway.server.cli.edit.EditingCommand;
import dev.spillway.server.cli.edit.KubeClients;
import dev.spillway.server.cli.edit.KubeKinds;
import dev.spillway.server.cli.edit.KubeWrites;
import dev.spillway.server.cli.edit.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spillway add route}: {@code glooctl add route}, to a config directory or a cluster. */
@Command(
        name = "route",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Adds a route to an upstream to a VirtualService, first by default, as `glooctl add route` "
                    + "does. A VirtualService that does not exist yet is created for domain '*' with only that route.",
            "File mode (--config-dir DIR --cluster C) edits the file that defines the VirtualService in DIR/C, "
                    + "keeping its other documents and comments, or writes DIR/C/virtual-service-NAME.yaml. Kubernetes "
                    + "mode (--context C, or the current context) updates it through the API."
        },
        footer = {
            "",
            "The user guide's route:",
            "  spillway add route --path-prefix / \\",
            "      --dest-name default-service-blue-10000"
        })
public final class AddRouteCommand extends EditingCommand {

    /** How requests are matched; prefix {@code /} when none is given. */
    static final class PathMatch {
        @Option(names = "--path-prefix", paramLabel = "PREFIX", description = "match requests whose path starts so")
        String prefix;

        @Option(names = "--path-exact", paramLabel = "PATH", description = "match requests with exactly this path")
        String exact;

        @Option(names = "--path-regex", paramLabel = "REGEX", description = "match requests whose path matches")
        String regex;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PathMatch path;

    @Option(names = "--dest-name", required = true, paramLabel = "UPSTREAM", description = "the upstream to route to")
    String destName;

    @Option(
            names = "--dest-namespace",
            defaultValue = "gloo-system",
            paramLabel = "NAMESPACE",
            description = "the upstream's namespace (default: ${DEFAULT-VALUE})")
    String destNamespace;

    @Option(
            names = "--name",
            defaultValue = "default",
            paramLabel = "VIRTUALSERVICE",
            description = "the VirtualService (default: ${DEFAULT-VALUE})")
    String name;

    @Option(
            names = "--namespace",
            defaultValue = "gloo-system",
            description = "the VirtualService's namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(
            names = "--index",
            defaultValue = "0",
            description = "where the route goes among the routes, 0 for first (default: ${DEFAULT-VALUE})")
    int index;

    public AddRouteCommand() {
        this(KubeClients.KUBECONFIG);
    }

    /** A command that reaches Kubernetes through {@code clients}. */
    public AddRouteCommand(KubeClients clients) {
        super(clients);
    }

    @Override
    protected String subject() {
        return "VirtualService " + namespace + "/" + name;
    }

    private VirtualService.Route route() {
        Checks.name("--name", name);
        Checks.label("--namespace", namespace);
        Checks.name("--dest-name", destName);
        Checks.label("--dest-namespace", destNamespace);
        if (index < 0) {
            throw new EditException("--index " + index + " must be 0 or more");
        }
        VirtualService.PathKind kind = VirtualService.PathKind.PREFIX;
        String match = "/";
        if (path != null && path.exact != null) {
            kind = VirtualService.PathKind.EXACT;
            match = path.exact;
        } else if (path != null && path.regex != null) {
            kind = VirtualService.PathKind.REGEX;
            match = path.regex;
        } else if (path != null && path.prefix != null) {
            match = path.prefix;
        }
        if (kind != VirtualService.PathKind.REGEX && !match.startsWith("/")) {
            throw new EditException(
                    "--path-" + kind.name().toLowerCase(Locale.ROOT) + " " + match + " must start with /");
        }
        return Routes.route(kind, match, new ResourceRef(destName, destNamespace));
    }

    /** The VirtualService with the route: a new one, or the current one with the route inserted. */
    private ObjectNode edit(JsonNode current, VirtualService.Route route) {
        String what = "VirtualService " + namespace + "/" + name;
        if (current == null) {
            if (index > 0) {
                throw new EditException(
                        what + " does not exist yet: --index " + index + " is outside 0..0 (it will have 1 route)");
            }
            return Routes.newVirtualService(namespace, name, route);
        }
        return Routes.insert(current, route, index, what);
    }

    @Override
    protected int toDirectory() {
        VirtualService.Route route = route();
        ClusterDirectory dir = target.directory();
        ClusterDirectory.Written written = dir.upsert(
                Kind.VIRTUAL_SERVICE,
                namespace,
                name,
                "virtual-service-" + name + ".yaml",
                current -> edit(current, route),
                dryRun);
        Commands.warnings(spec, written.warnings(), dir.unreadable());
        if (dryRun) {
            print(written.file().documents().stream()
                    .filter(d -> ClusterDirectory.defines(d, Kind.VIRTUAL_SERVICE, namespace, name))
                    .findFirst()
                    .orElseThrow());
            return 0;
        }
        Commands.say(
                spec,
                (written.created()
                                ? "created VirtualService " + namespace + "/" + name + " with the route"
                                : "added the route to VirtualService " + namespace + "/" + name + " at index " + index)
                        + " in " + written.file().path());
        Commands.reportStatus(spec, dir.root(), new ResourceKey(Kind.VIRTUAL_SERVICE, dir.cluster(), namespace, name));
        return 0;
    }

    @Override
    protected int toCluster() {
        VirtualService.Route route = route();
        String where = target.describeContext();
        try (KubernetesClient client = target.connect(clients)) {
            var virtualServices =
                    client.genericKubernetesResources(KubeKinds.VIRTUAL_SERVICE).inNamespace(namespace);
            if (dryRun) {
                GenericKubernetesResource current =
                        virtualServices.withName(name).get();
                ObjectNode doc = checked(edit(current == null ? null : KubeKinds.tree(current), route), where);
                print(doc);
                return 0;
            }
            KubeWrites.Written written =
                    KubeWrites.upsert(virtualServices, name, current -> checked(edit(current, route), where));
            Commands.say(
                    spec,
                    (written.created()
                                    ? "created VirtualService " + namespace + "/" + name + " with the route"
                                    : "added the route to VirtualService " + namespace + "/" + name + " at index "
                                            + index)
                            + " in " + where);
            return 0;
        }
    }

    /** The edited VirtualService, once Spillway's decoder accepts it; its warnings are printed. */
    private ObjectNode checked(ObjectNode doc, String where) {
        List<Problem> warnings = Checks.accepted(
                "kubernetes",
                where,
                name + ".yaml",
                Yaml.write(doc),
                new ResourceKey(Kind.VIRTUAL_SERVICE, "kubernetes", namespace, name));
        Commands.warnings(spec, warnings, List.of());
        return doc;
    }

    /** {@code spillway add}: the adding commands of glooctl ({@code add route}). */
    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Adds to resources, as glooctl add does.",
            subcommands = {AddRouteCommand.class, CommandLine.HelpCommand.class})
    public static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (route)");
        }
    }
}
