package dev.spillway.server.cli.edit;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.api.status.State;
import dev.spillway.api.status.StatusLines;
import dev.spillway.server.source.file.ConfigDirectory;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** What the resource-editing commands share: error reporting and the status check after a write. */
public final class Commands {

    private Commands() {}

    /**
     * Runs a command's body: an {@link EditException} or a Kubernetes API error is printed on stderr,
     * prefixed with the command ({@code spillway add route: ...}), and gives exit code 1.
     *
     * @param what names the object the body works on, for API errors ({@code Secret gloo-system/tls in
     *             context gloo-fed})
     */
    public static int guarded(CommandSpec spec, Callable<String> what, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (EditException e) {
            return fail(spec, e.getMessage());
        } catch (KubernetesClientException e) {
            return fail(spec, describe(what) + ": " + apiMessage(e));
        }
    }

    /** Prints {@code spillway <command>: message} on stderr; returns 1. */
    public static int fail(CommandSpec spec, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName(" ") + ": " + message);
        err.flush();
        return 1;
    }

    /** Prints a warning line on stderr. */
    public static void warn(CommandSpec spec, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("warning: " + message);
        err.flush();
    }

    /** Prints a line on stdout. */
    public static void say(CommandSpec spec, String message) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(message);
        out.flush();
    }

    /** Prints the schema warnings of a written resource and the files a search had to skip. */
    public static void warnings(CommandSpec spec, List<Problem> problems, List<String> unreadable) {
        for (Problem p : problems) {
            warn(spec, p.text());
        }
        for (String file : unreadable) {
            warn(spec, file + " (not searched)");
        }
    }

    /**
     * After a file-mode write: translates the whole config directory as {@code spillway validate}
     * does, and prints the written resource's status on stderr unless it is Accepted (a route to an
     * upstream that does not exist, a secret a Gateway cannot use, ...).
     */
    public static void reportStatus(CommandSpec spec, Path configDir, ResourceKey key) {
        Translation translation = Translator.translate(ConfigDirectory.read(configDir));
        ResourceStatus status = translation.statuses().get(key);
        if (status != null && status.state() != State.ACCEPTED) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(StatusLines.line(key, status));
            err.flush();
        }
    }

    /** The API server's own message (its Status), without fabric8's request details. */
    static String apiMessage(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage() + (e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "");
        }
        String message = String.valueOf(e.getMessage());
        Throwable cause = e.getCause();
        return cause != null && cause.getMessage() != null ? message + ": " + cause.getMessage() : message;
    }

    private static String describe(Callable<String> what) {
        try {
            return what.call();
        } catch (Exception e) {
            return "Kubernetes API";
        }
    }
}
