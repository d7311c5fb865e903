package dev.spillway.server.cli.edit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.api.codec.Yaml;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that writes one resource to a config directory's cluster or through the Kubernetes API
 * ({@link Target}), or prints it with {@code --dry-run}; errors come out as {@link Commands#guarded} says.
 */
public abstract class EditingCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Mixin
    protected Target target;

    @Option(names = "--dry-run", description = "print the resource instead of writing it")
    protected boolean dryRun;

    protected final KubeClients clients;

    protected EditingCommand(KubeClients clients) {
        this.clients = clients;
    }

    @Override
    public final Integer call() throws Exception {
        boolean fileMode = target.fileMode();
        return Commands.guarded(
                spec,
                () -> subject() + " in " + target.describeContext(),
                () -> fileMode ? toDirectory() : toCluster());
    }

    /** The resource written, for messages: {@code Secret gloo-system/tls}. */
    protected abstract String subject();

    /** File mode. */
    protected abstract int toDirectory();

    /** Kubernetes mode. */
    protected abstract int toCluster();

    /** Prints one document on stdout, as {@code --dry-run} does. */
    protected void print(JsonNode doc) {
        spec.commandLine().getOut().print(Yaml.write(doc));
        spec.commandLine().getOut().flush();
    }
}
