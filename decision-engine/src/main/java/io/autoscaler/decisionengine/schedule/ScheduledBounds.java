package io.autoscaler.decisionengine.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScheduledAction;
import io.autoscaler.events.schedule.Recurrence;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A pool's bounds at an instant under its schedule, as {@code GET /pools/{name}} shows them: each of min
 * and max is what the action that last set it set (the spec's own value before any did), and
 * {@code minSetBy} / {@code maxSetBy} name that action (null: the spec's). When two actions leave min
 * above max, the one that fired later wins and the other bound follows it. {@code latest} is each
 * action's latest occurrence, {@code next} the schedule's next one; the bounds hold until then.
 */
@RegisterForReflection
public record ScheduledBounds(int minReplicas, int maxReplicas, String minSetBy, String maxSetBy,
        List<Occurrence> latest, Occurrence next) {

    /** When an action fires (or fired). */
    @RegisterForReflection
    public record Occurrence(String action, Instant at) {
    }

    /** The bounds of {@code spec} at {@code now}; null for a pool without a schedule. */
    public static ScheduledBounds of(PoolSpec spec, Instant now) {
        if (spec.schedule().isEmpty()) {
            return null;
        }
        Bound min = new Bound(spec.minReplicas());
        Bound max = new Bound(spec.maxReplicas());
        List<Occurrence> latest = new ArrayList<>();
        Occurrence next = null;
        for (ScheduledAction action : spec.schedule()) {
            Recurrence recurrence = Recurrence.of(action.cron(), action.timeZone());
            Instant fired = recurrence.latest(now).orElse(null);
            if (fired != null) {
                latest.add(new Occurrence(action.name(), fired));
                min.set(action.minReplicas(), action.name(), fired);
                max.set(action.maxReplicas(), action.name(), fired);
            }
            Instant upcoming = recurrence.next(now).orElse(null);
            if (upcoming != null && (next == null || upcoming.isBefore(next.at()))) {
                next = new Occurrence(action.name(), upcoming);
            }
        }
        if (min.value > max.value) {
            if (min.at.isBefore(max.at)) {
                min.follow(max);
            } else {
                max.follow(min);
            }
        }
        latest.sort(Comparator.comparing(Occurrence::at));
        return new ScheduledBounds(min.value, max.value, min.setBy, max.setBy, List.copyOf(latest), next);
    }

    /** Whether these bounds still hold at {@code now}: no action has fired since they were computed. */
    public boolean holdAt(Instant now) {
        return next == null || now.isBefore(next.at());
    }

    /** The spec with these bounds. */
    public PoolSpec applyTo(PoolSpec spec) {
        return spec.minReplicas() == minReplicas && spec.maxReplicas() == maxReplicas ? spec
                : spec.withReplicas(minReplicas, maxReplicas);
    }

    /** One bound: its value, the action that set it and when (the spec's: no action, the dawn of time). */
    private static final class Bound {
        int value;
        String setBy;
        Instant at = Instant.MIN;

        Bound(int value) {
            this.value = value;
        }

        /** An action's value, if it has one; of actions firing at once, the later in the list wins. */
        void set(Integer given, String action, Instant fired) {
            if (given != null && !fired.isBefore(at)) {
                value = given;
                setBy = action;
                at = fired;
            }
        }

        void follow(Bound other) {
            value = other.value;
            setBy = other.setBy;
            at = other.at;
        }
    }
}
