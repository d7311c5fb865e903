package dev.spillway.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code spillway}: the one entry point for every command. */
@Command(
        name = "spillway",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Envoy xDS control plane for multi-cluster service failover.",
        subcommands = {
            ServeCommand.class,
            ValidateCommand.class,
            RenderCommand.class,
            StatusCommand.class,
            ExplainCommand.class,
            CreateCommand.class,
            AddRouteCommand.Add.class,
            ProxyCommand.class,
            ClusterCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, for callers that redirect its output. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::failed);
    }

    /** An operator's mistake (a missing directory, a bad file) is one line naming it, not a stack trace. */
    private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        Throwable cause = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
        String message;
        if (cause instanceof java.nio.file.NoSuchFileException
                || cause instanceof java.nio.file.NotDirectoryException) {
            message = "no such directory: " + cause.getMessage();
        } else if (cause instanceof java.nio.file.FileSystemException fs) {
            // AccessDeniedException's message is its path alone: say why.
            message = dev.spillway.server.source.file.IoReason.of(fs);
        } else if (cause instanceof java.io.IOException || cause instanceof IllegalArgumentException) {
            message = cause.getMessage();
        } else {
            throw new IllegalStateException(e);
        }
        command.getErr().println("spillway " + command.getCommandName() + ": " + message);
        return 2;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"spillway " + (v == null ? "development build" : v)};
        }
    }
}
