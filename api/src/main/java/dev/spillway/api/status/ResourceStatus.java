package dev.spillway.api.status;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The reported status of one resource.
 *
 * @param state    lifecycle state
 * @param problems the problems behind the state, errors first; only notes, or none, when Accepted
 */
public record ResourceStatus(State state, List<Problem> problems) {

    public static final ResourceStatus ACCEPTED = new ResourceStatus(State.ACCEPTED, List.of());
    public static final ResourceStatus PENDING = new ResourceStatus(State.PENDING, List.of());

    public ResourceStatus {
        problems = problems.stream().sorted().distinct().toList();
    }

    /** The status implied by a list of problems: Rejected on any error, Warning on any warning, else Accepted. */
    public static ResourceStatus of(List<Problem> problems) {
        if (problems.isEmpty()) {
            return ACCEPTED;
        }
        boolean error = problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
        boolean warning = problems.stream().anyMatch(p -> p.severity() == Problem.Severity.WARNING);
        return new ResourceStatus(error ? State.REJECTED : warning ? State.WARNING : State.ACCEPTED, problems);
    }

    /** This status with more problems added; the state only gets worse. */
    public ResourceStatus with(List<Problem> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Problem> all = new java.util.ArrayList<>(problems);
        all.addAll(more);
        return new ResourceStatus(state.worst(of(more).state()), all);
    }

    /** The problems as one line, {@code "; "}-separated; empty when there are none. */
    public String reason() {
        return problems.stream().map(Problem::text).collect(Collectors.joining("; "));
    }
}
