package io.autoscaler.decisionengine.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.autoscaler.events.ScheduledAction;

/**
 * What the schedule itself decides, before the policy: each occurrence of an action once, and a
 * desired count outside the bounds an action set. An occurrence counts as applied once the pool has
 * a decision made at or after it: every evaluation applies what is due before it decides anything
 * else, and decisions survive restarts on {@code autoscaler.scale-events}. So an occurrence applied
 * before a restart is not applied again, and one missed while the engine was down is applied when it
 * is back (only each action's latest, as AWS does). Each applied occurrence leaves a decision, even
 * when the count stays, so that it is seen and remembered.
 */
public final class ScheduleStep {
    /** A decision the schedule makes: the pool's desired count and why (cut to what a record may carry). */
    public record Change(int desiredReplicas, String reason) {
        private static final int MAX_REASON = 2000;

        public Change {
            reason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON - 3) + "..." : reason;
        }
    }

    private ScheduleStep() {
    }

    /**
     * @param desired the pool's desired count; empty for a pool without a decision yet
     * @param lastDecisionAt when its last decision was made
     */
    public static Optional<Change> decide(List<ScheduledAction> schedule, ScheduledBounds bounds,
            Optional<Integer> desired, Optional<Instant> lastDecisionAt) {
        if (bounds == null) {
            return Optional.empty();
        }
        if (desired.isEmpty()) {
            return bounds.minSetBy() == null ? Optional.empty()
                    : Optional.of(new Change(bounds.minReplicas(), "pool created: minReplicas " + bounds.minReplicas()
                            + ", as schedule '" + bounds.minSetBy() + "' set it"));
        }
        int current = desired.get();
        Map<String, ScheduledAction> actions = schedule.stream()
                .collect(Collectors.toMap(ScheduledAction::name, Function.identity(), (a, b) -> b));
        List<String> applied = new ArrayList<>();
        Integer wanted = null;
        for (ScheduledBounds.Occurrence fired : bounds.latest()) {
            if (lastDecisionAt.isPresent() && fired.at().isAfter(lastDecisionAt.get())) {
                ScheduledAction action = actions.get(fired.action());
                applied.add("schedule '" + action.name() + "' set " + settings(action));
                if (action.desiredReplicas() != null) {
                    wanted = action.desiredReplicas();
                }
            }
        }
        int clamped = clamp(bounds, wanted == null ? current : wanted);
        if (!applied.isEmpty()) {
            return Optional.of(new Change(clamped, String.join("; ", applied) + change(current, clamped, wanted)));
        }
        if (clamped != current) {
            String holder = current < bounds.minReplicas() ? bounds.minSetBy() : bounds.maxSetBy();
            if (holder != null) {
                String bound = current < bounds.minReplicas() ? "min " + bounds.minReplicas()
                        : "max " + bounds.maxReplicas();
                return Optional.of(new Change(clamped, "schedule '" + holder + "' holds " + bound + ": " + current
                        + " → " + clamped));
            }
        }
        return Optional.empty();
    }

    private static String settings(ScheduledAction action) {
        List<String> set = new ArrayList<>();
        if (action.minReplicas() != null) {
            set.add("min " + action.minReplicas());
        }
        if (action.maxReplicas() != null) {
            set.add("max " + action.maxReplicas());
        }
        if (action.desiredReplicas() != null) {
            set.add("desired " + action.desiredReplicas());
        }
        return String.join(", ", set);
    }

    private static String change(int current, int clamped, Integer wanted) {
        String moved = clamped == current ? ": desired stays " + current : ": " + current + " → " + clamped;
        return wanted == null || clamped == wanted ? moved : moved + " (desired " + wanted + " clamped to the bounds)";
    }

    private static int clamp(ScheduledBounds bounds, int replicas) {
        return Math.max(bounds.minReplicas(), Math.min(bounds.maxReplicas(), replicas));
    }
}
