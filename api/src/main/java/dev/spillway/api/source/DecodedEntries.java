package dev.spillway.api.source;

import dev.spillway.api.codec.Decoded;
import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.model.Resource;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.api.status.State;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoded documents as inventory entries, the same for every source, and the one rule that a typo
 * never removes live config: a resource whose new version has schema errors keeps its last good
 * version, Rejected with the new errors.
 */
public final class DecodedEntries {

    /** Appended to the problems of a resource whose last good version is still served. */
    public static final String KEPT = " (last good version kept)";

    private DecodedEntries() {}

    /** Every entry of a decoded file, or of an object read as one: the file itself when it is not YAML. */
    public static List<Inventory.Entry> of(DecodedFile file, String origin) {
        List<Inventory.Entry> entries = new ArrayList<>();
        if (file.fileProblem() != null) {
            entries.add(unreadable(file.fileProblem(), origin));
        }
        file.documents().forEach(d -> entries.add(of(d, origin)));
        return entries;
    }

    /** A document's entry: its resource (null when rejected) with its problems. */
    public static Inventory.Entry of(Decoded document, String origin) {
        return new Inventory.Entry(document.key(), document.resource(), ResourceStatus.of(document.problems()), origin);
    }

    /** The entry standing for a file (or object) that is not YAML at all. */
    public static Inventory.Entry unreadable(Problem fileProblem, String origin) {
        return new Inventory.Entry(fileProblem.resource(), null, ResourceStatus.of(List.of(fileProblem)), origin);
    }

    /**
     * A document's entry, or, when schema errors reject it and a last good version is known, that version
     * Rejected with the document's errors.
     *
     * @param lastGood the resource served for the document's key before, or null
     */
    public static Inventory.Entry keepingLastGood(Decoded document, Resource lastGood, String origin) {
        if (!document.rejected() || lastGood == null) {
            return of(document, origin);
        }
        List<Problem> errors = document.problems().stream()
                .filter(p -> p.severity() == Problem.Severity.ERROR)
                .toList();
        return new Inventory.Entry(document.key(), lastGood, kept(errors), origin);
    }

    /** A Rejected status saying the last good version is still served. */
    public static ResourceStatus kept(List<Problem> errors) {
        List<Problem> problems = errors.stream()
                .map(p -> new Problem(p.resource(), p.field(), p.message() + KEPT, p.severity()))
                .toList();
        return new ResourceStatus(State.REJECTED, problems);
    }
}
