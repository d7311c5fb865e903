package dev.spillway.server.cli.edit;

import dev.spillway.server.cli.AddRouteCommand;
import dev.spillway.server.cli.ClusterCommand;
import dev.spillway.server.cli.CreateCommand;
import dev.spillway.server.cli.ProxyCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Runs the glooctl-parity commands as {@code spillway ...} would, with a chosen way to reach Kubernetes. */
final class CliRun {

    private CliRun() {}

    /** The commands under a root named like the real one, so messages read {@code spillway add route: ...}. */
    @Command(
            name = "spillway",
            subcommands = {CreateCommand.class, AddRouteCommand.Add.class, ProxyCommand.class, ClusterCommand.class})
    static final class Root {}

    /** Exit code, stdout and stderr of one command line. */
    record Result(int exit, String out, String err) {}

    /** Runs a command line; commands that reach Kubernetes get {@code clients}. */
    static Result run(KubeClients clients, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Root(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    return cls.getConstructor(KubeClients.class).newInstance(clients);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(cls);
                }
            }
        });
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** Runs a file-mode command line; reaching Kubernetes fails the test. */
    static Result run(String... args) {
        return run(
                (context, kubeconfig) -> {
                    throw new AssertionError("file mode must not reach Kubernetes");
                },
                args);
    }

    /** A copy of a directory tree. */
    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return to;
    }
}
