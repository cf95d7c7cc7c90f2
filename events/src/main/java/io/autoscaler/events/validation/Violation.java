package io.autoscaler.events.validation;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One thing wrong with a pool spec or another record: the field's JSON path and why. */
@RegisterForReflection
public record Violation(String field, String reason) {
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
