package io.autoscaler.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A scheduled action of a pool, as AWS's scheduled scaling and KEDA's cron scaler have them: at each
 * time {@code cron} (Unix cron, five fields, read in {@code timeZone}) names, the pool's bounds become
 * {@code minReplicas} and/or {@code maxReplicas} from then on, and its desired count
 * {@code desiredReplicas} once (the policy moves it again afterwards). A field left out is left as the
 * previous action (or the spec) set it.
 */
@RegisterForReflection
public record ScheduledAction(String name, String cron, String timeZone, Integer minReplicas, Integer maxReplicas,
        Integer desiredReplicas) {
    public static final String DEFAULT_TIME_ZONE = "UTC";

    public ScheduledAction {
        timeZone = Fields.orDefault(timeZone, DEFAULT_TIME_ZONE);
    }
}
