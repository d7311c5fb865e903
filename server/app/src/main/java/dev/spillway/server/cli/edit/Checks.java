package dev.spillway.server.cli.edit;

import dev.spillway.api.codec.Decoded;
import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.Problem;
import java.util.List;
import java.util.regex.Pattern;

/** Checks a command makes before it writes anything. */
public final class Checks {

    /** A Kubernetes object name (DNS-1123 subdomain). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    /** A namespace or a federation cluster name (DNS-1123 label). */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private Checks() {}

    /** Throws unless {@code value} is a valid object name. */
    public static String name(String option, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new EditException(option + " " + value + " is not a Kubernetes name (lower-case letters, digits,"
                    + " '-' and '.', starting and ending with a letter or digit)");
        }
        return value;
    }

    /** Throws unless {@code value} is a valid namespace or cluster name. */
    public static String label(String option, String value) {
        if (value == null || !LABEL.matcher(value).matches()) {
            throw new EditException(option + " " + value + " is not a valid name (at most 63 lower-case letters,"
                    + " digits and '-', starting and ending with a letter or digit)");
        }
        return value;
    }

    /**
     * Decodes a text as the server will and returns the resource's warnings.
     *
     * @param cluster the federation cluster it belongs to
     * @param where   the file or Kubernetes object it is written to, for errors
     * @throws EditException naming {@code where} and the resource when Spillway would reject it
     */
    public static List<Problem> accepted(String cluster, String where, String fileName, String text, ResourceKey key) {
        DecodedFile decoded = ResourceDecoder.decode(cluster, fileName, text);
        if (decoded.fileProblem() != null) {
            throw new EditException(where + ": " + decoded.fileProblem().detail());
        }
        List<Decoded> docs =
                decoded.documents().stream().filter(d -> d.key().equals(key)).toList();
        if (docs.isEmpty()) {
            throw new EditException(where + ": " + key.display() + " would not be read back");
        }
        List<Problem> problems =
                docs.stream().flatMap(d -> d.problems().stream()).toList();
        List<Problem> errors = problems.stream()
                .filter(p -> p.severity() == Problem.Severity.ERROR)
                .toList();
        if (!errors.isEmpty()) {
            throw new EditException(where + ": " + key.display() + ": "
                    + String.join("; ", errors.stream().map(Problem::detail).toList()));
        }
        return problems;
    }
}
