package io.autoscaler.events.validation;

import java.util.List;
import java.util.stream.Collectors;

/** A record that breaks the rules; its message lists every violation, the dead-letter reason. */
public final class InvalidRecordException extends IllegalArgumentException {
    private final transient List<Violation> violations;

    public InvalidRecordException(String what, List<Violation> violations) {
        super("invalid " + what + ": " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
