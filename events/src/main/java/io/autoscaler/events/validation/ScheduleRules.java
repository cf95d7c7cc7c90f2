package io.autoscaler.events.validation;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.autoscaler.events.ScheduledAction;
import io.autoscaler.events.schedule.Recurrence;

/**
 * The rules of a pool's {@code schedule}: named actions (unique DNS labels), each a valid cron
 * expression and time zone that fires at least once from now, setting at least one of min, max and
 * desired, within the same bounds as the spec's own counts.
 */
final class ScheduleRules {
    static final int MAX_ACTIONS = 50;

    private ScheduleRules() {
    }

    static void check(Checks c, List<ScheduledAction> schedule, int maxReplicasCap) {
        if (schedule.size() > MAX_ACTIONS) {
            c.fail("schedule", "must have at most " + MAX_ACTIONS + " actions, has " + schedule.size());
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < schedule.size(); i++) {
            String field = "schedule[" + i + "]";
            ScheduledAction action = schedule.get(i);
            if (action == null) {
                c.fail(field, "must not be null");
                continue;
            }
            c.matches(field + ".name", action.name(), Rules.NAME, Rules.NAME_RULE);
            if (action.name() != null && !names.add(action.name())) {
                c.fail(field + ".name", "'" + action.name() + "' names another action of this schedule too");
            }
            recurrence(c, field, action);
            counts(c, field, action, maxReplicasCap);
        }
    }

    private static void recurrence(Checks c, String field, ScheduledAction action) {
        if (!c.present(field + ".cron", action.cron())) {
            return;
        }
        try {
            Recurrence.of(action.cron(), "UTC");
        } catch (IllegalArgumentException e) {
            c.fail(field + ".cron", e.getMessage());
            return;
        }
        try {
            if (Recurrence.of(action.cron(), action.timeZone()).next(Instant.now()).isEmpty()) {
                c.fail(field + ".cron", "never fires (no such date)");
            }
        } catch (IllegalArgumentException e) {
            c.fail(field + ".timeZone", e.getMessage());
        }
    }

    private static void counts(Checks c, String field, ScheduledAction a, int cap) {
        if (a.minReplicas() == null && a.maxReplicas() == null && a.desiredReplicas() == null) {
            c.fail(field, "sets nothing: give minReplicas, maxReplicas, desiredReplicas or several");
        }
        if (a.minReplicas() != null) {
            c.range(field + ".minReplicas", a.minReplicas(), 0, cap);
        }
        if (a.maxReplicas() != null) {
            c.range(field + ".maxReplicas", a.maxReplicas(), 0, cap);
        }
        if (a.minReplicas() != null && a.maxReplicas() != null && a.maxReplicas() < a.minReplicas()) {
            c.fail(field + ".maxReplicas", "must be at least this action's minReplicas (" + a.minReplicas() + ")");
        }
        if (a.desiredReplicas() != null) {
            int low = a.minReplicas() == null ? 0 : a.minReplicas();
            int high = a.maxReplicas() == null ? cap : a.maxReplicas();
            c.range(field + ".desiredReplicas", a.desiredReplicas(), low, high);
        }
    }
}
