package dev.spillway.server.source.file;

import dev.spillway.api.codec.Decoded;
import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.model.Claims;
import dev.spillway.api.model.Kind;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.DecodedEntries;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns the decoded files of a config root into an {@link Inventory}, given the previous one.
 *
 * <p>A typo must never delete live config: the previous inventory holds the last good version of
 * every resource, and a resource whose document now has schema errors, or whose file (or cluster
 * directory) no longer reads, keeps that version, Rejected with the new errors. Only removing a
 * resource from a readable file (or deleting the file) removes it.
 *
 * <p>Two documents of one identity: a valid one beats a broken one; between two valid (or two broken)
 * ones, the one in the file that held the resource before wins; else the first in file order. The other
 * is reported on its file, naming the winner's.
 *
 * <p>Each resource carries when it was first read ({@code metadata.seen}): the previous inventory's order
 * for a resource it had, else {@code newcomers} (0 for the first read, so everything present at start-up
 * ties), which is how clashes between resources leave the incumbent in place; and since when it holds each
 * of its {@link Claims} ({@code metadata.claims}): a claim its last good version held keeps that one's order,
 * a claim an edit added is as new as a resource added now, so an edit onto a live resource's port, domain or
 * primary is the one Rejected.
 */
final class InventoryBuilder {

    private final Inventory previous;
    private final long newcomers;
    private final Map<ResourceKey, Inventory.Entry> entries = new HashMap<>();
    /** Which file each key is served from. */
    private final Map<ResourceKey, String> claims = new HashMap<>();

    private InventoryBuilder(Inventory previous, long newcomers) {
        this.previous = previous;
        this.newcomers = newcomers;
    }

    /** {@link #build(SortedMap, Inventory, long)} of a first read: every resource is there from the start. */
    static Inventory build(SortedMap<FileId, DecodedFile> files, Inventory previous) {
        return build(files, previous, 0);
    }

    /**
     * @param files     every config file, decoded, in (cluster, file name) order
     * @param previous  the inventory built before, whose resources are the last good versions
     * @param newcomers the first-seen order of resources the previous inventory lacks (0 at start-up)
     * @return the new inventory
     */
    static Inventory build(SortedMap<FileId, DecodedFile> files, Inventory previous, long newcomers) {
        InventoryBuilder builder = new InventoryBuilder(previous, newcomers);
        Map<FileId, FileProblems> problems = new TreeMap<>();
        Map<ResourceKey, List<Candidate>> candidates = new LinkedHashMap<>();
        files.forEach((file, decoded) -> problems.put(file, collect(file, decoded, candidates)));
        // Every readable document claims its key first, so a resource moved to another file is
        // never shadowed by the version kept for a broken file.
        candidates.forEach((key, documents) -> builder.settle(key, documents, problems));
        problems.forEach(builder::addProblems);
        return Inventory.of(builder.entries.values());
    }

    /** What is wrong with one file as a whole, and the keys its documents yielded. */
    private record FileProblems(
            List<Problem> unreadable, List<Problem> duplicates, List<Problem> notes, Set<ResourceKey> read) {}

    /** A document claiming a key, from a file. */
    private record Candidate(FileId file, Decoded document) {}

    private static FileProblems collect(
            FileId file, DecodedFile decoded, Map<ResourceKey, List<Candidate>> candidates) {
        List<Problem> unreadable = new ArrayList<>();
        if (decoded.fileProblem() != null) {
            unreadable.add(decoded.fileProblem());
        }
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
            candidates.computeIfAbsent(document.key(), k -> new ArrayList<>()).add(new Candidate(file, document));
        }
        return new FileProblems(unreadable, new ArrayList<>(), notes, read);
    }

    /** Serves the winner of the documents of one key and reports the others on their files. */
    private void settle(ResourceKey key, List<Candidate> documents, Map<FileId, FileProblems> problems) {
        Inventory.Entry before = previous.entries().get(key);
        String incumbent = before == null ? null : before.origin();
        // min keeps the first of equals: file order, then document order.
        Candidate winner = documents.stream()
                .min(Comparator.<Candidate>comparingInt(c -> c.document().rejected() ? 1 : 0)
                        .thenComparingInt(c -> c.file().origin().equals(incumbent) ? 0 : 1))
                .orElseThrow();
        claims.put(key, winner.file().origin());
        entries.put(key, entry(winner.document(), winner.file()));
        for (Candidate loser : documents) {
            if (loser != winner) {
                problems.get(loser.file())
                        .duplicates()
                        .add(Problem.error(
                                loser.file().key(),
                                "",
                                "duplicate of " + key.display() + " in "
                                        + winner.file().origin()));
            }
        }
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

    /**
     * A document's entry: its resource, or the last good version when schema errors reject it; either
     * carries when the resource was first read.
     */
    private Inventory.Entry entry(Decoded document, FileId file) {
        Resource lastGood = lastGood(document.key());
        Inventory.Entry entry = DecodedEntries.keepingLastGood(document, lastGood, file.origin());
        Resource resource = entry.resource();
        if (resource == null || resource == lastGood) {
            return entry;
        }
        long seen = lastGood == null ? newcomers : lastGood.meta().seen();
        Resource stamped = Claims.stamped(resource.withMeta(resource.meta().withSeen(seen)), lastGood, newcomers);
        return new Inventory.Entry(entry.key(), stamped, entry.status(), entry.origin());
    }

    /**
     * Keeps the resources this file (or, for a cluster directory, any of its files) held before that its
     * current text no longer yields, because the file (or one of its documents) cannot be read.
     *
     * @return how many were kept
     */
    private int keepVanished(FileId file, Set<ResourceKey> read, List<Problem> unreadable) {
        int kept = 0;
        for (Inventory.Entry before : previous.entries().values()) {
            ResourceKey key = before.key();
            if (!file.holds(before.origin())
                    || before.resource() == null
                    || read.contains(key)
                    || claims.containsKey(key)) {
                continue;
            }
            claims.put(key, file.origin());
            entries.put(
                    key, new Inventory.Entry(key, before.resource(), DecodedEntries.kept(unreadable), before.origin()));
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
