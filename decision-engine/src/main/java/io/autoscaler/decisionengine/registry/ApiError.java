package io.autoscaler.decisionengine.registry;

import java.util.List;

import io.autoscaler.events.validation.Violation;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of every 4xx answer: each problem with its field and reason. */
@RegisterForReflection
public record ApiError(List<Violation> errors) {
    public static ApiError of(String field, String reason) {
        return new ApiError(List.of(new Violation(field, reason)));
    }
}
