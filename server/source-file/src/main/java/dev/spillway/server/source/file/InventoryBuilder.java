package dev.spillway.server.source.file;

import dev.spillway.api.codec.Decoded;
import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.DecodedEntries;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns the decoded files of a config root into an {@link Inventory}, given the previous one.
 *
 * <p>A typo must never delete live config: the previous inventory holds the last good version of
 * every resource, and a resource whose document now has schema errors, or whose file no longer
 * reads as YAML, keeps that version, Rejected with the new errors. Only removing a resource from
 * a readable file (or deleting the file) removes it.
 */
final class InventoryBuilder {

    private final Inventory previous;
    private final Map<ResourceKey, Inventory.Entry> entries = new HashMap<>();
    /** Which file each key was first read from: the first file in name order wins a duplicate. */
    private final Map<ResourceKey, String> claims = new HashMap<>();

    private InventoryBuilder(Inventory previous) {
        this.previous = previous;
    }

    /**
     * @param files    every config file, decoded, in (cluster, file name) order
     * @param previous the inventory built before, whose resources are the last good versions
     * @return the new inventory
     */
    static Inventory build(SortedMap<FileId, DecodedFile> files, Inventory previous) {
        InventoryBuilder builder = new InventoryBuilder(previous);
        Map<FileId, FileProblems> problems = new TreeMap<>();
        // Every readable document claims its key first, so a resource moved to another file is
        // never shadowed by the version kept for a broken file.
        files.forEach((file, decoded) -> problems.put(file, builder.addDocuments(file, decoded)));
        problems.forEach(builder::addProblems);
        return Inventory.of(builder.entries.values());
    }

    /** What is wrong with one file as a whole, and the keys its documents yielded. */
    private record FileProblems(
            List<Problem> unreadable, List<Problem> duplicates, List<Problem> notes, Set<ResourceKey> read) {}

    private FileProblems addDocuments(FileId file, DecodedFile decoded) {
        List<Problem> unreadable = new ArrayList<>();
        if (decoded.fileProblem() != null) {
            unreadable.add(decoded.fileProblem());
        }
        List<Problem> duplicates = new ArrayList<>();
        List<Problem> notes = new ArrayList<>();
        Set<ResourceKey> read = new HashSet<>();
        for (Decoded document : decoded.documents()) {
            if (document.key().kind() == Kind.FILE) {
                // A document without kind or name: it cannot be told which resource it was. A document
                // of a near-miss kind only warns: it was never Spillway's, so nothing is kept for it.
                document.problems().forEach(p -> (p.severity() == Problem.Severity.ERROR ? unreadable : notes).add(p));
                continue;
            }
            read.add(document.key());
            String owner = claims.putIfAbsent(document.key(), file.origin());
            if (owner != null) {
                duplicates.add(Problem.error(
                        file.key(), "", "duplicate of " + document.key().display() + " in " + owner));
            } else {
                entries.put(document.key(), entry(document, file));
            }
        }
        return new FileProblems(unreadable, duplicates, notes, read);
    }

    private void addProblems(FileId file, FileProblems problems) {
        int kept = problems.unreadable().isEmpty() ? 0 : keepVanished(file, problems.read(), problems.unreadable());
        if (!problems.duplicates().isEmpty()
                || !problems.notes().isEmpty()
                || (!problems.unreadable().isEmpty() && kept == 0)) {
            // Nothing else carries these problems: the file itself is reported.
            List<Problem> all = new ArrayList<>(problems.unreadable());
            all.addAll(problems.duplicates());
            all.addAll(problems.notes());
            entries.put(file.key(), new Inventory.Entry(file.key(), null, ResourceStatus.of(all), file.origin()));
        }
    }

    /** A document's entry: its resource, or the last good version when schema errors reject it. */
    private Inventory.Entry entry(Decoded document, FileId file) {
        return DecodedEntries.keepingLastGood(document, lastGood(document.key()), file.origin());
    }

    /**
     * Keeps the resources this file held before that its current text no longer yields, because
     * the file (or one of its documents) cannot be read.
     *
     * @return how many were kept
     */
    private int keepVanished(FileId file, Set<ResourceKey> read, List<Problem> unreadable) {
        int kept = 0;
        for (Inventory.Entry before : previous.entries().values()) {
            ResourceKey key = before.key();
            if (!file.origin().equals(before.origin())
                    || before.resource() == null
                    || read.contains(key)
                    || claims.containsKey(key)) {
                continue;
            }
            claims.put(key, file.origin());
            entries.put(
                    key, new Inventory.Entry(key, before.resource(), DecodedEntries.kept(unreadable), file.origin()));
            kept++;
        }
        return kept;
    }

    /** The resource served for a key before this change, if any. */
    private Resource lastGood(ResourceKey key) {
        Inventory.Entry before = previous.entries().get(key);
        return before == null ? null : before.resource();
    }
}
