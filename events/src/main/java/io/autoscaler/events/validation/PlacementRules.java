package io.autoscaler.events.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.autoscaler.events.PoolSpec;

/**
 * A pool's Swarm placement: constraints as Swarm reads them ({@code node.labels.zone==a}, {@code node.role!=manager})
 * and spread preferences over node or engine labels ({@code spread=node.labels.zone}). Strict ASCII forms only,
 * so that what reaches Swarm is what was checked.
 */
final class PlacementRules {
    static final int MAX_CONSTRAINTS = 16;
    static final int MAX_PREFERENCES = 4;
    private static final String LABEL = "(node|engine)\\.labels\\.[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
    private static final Pattern CONSTRAINT = Pattern.compile(
            "(node\\.(id|hostname|role|platform\\.os|platform\\.arch)|" + LABEL
                    + ") ?(==|!=) ?[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
    private static final Pattern PREFERENCE = Pattern.compile("spread=" + LABEL);
    private static final String CONSTRAINT_RULE = "a Swarm constraint: node.id, node.hostname, node.role, "
            + "node.platform.os, node.platform.arch, node.labels.<label> or engine.labels.<label>, then == or !=, "
            + "then a value of letters, digits and . _ : / - (e.g. node.labels.zone==a)";
    private static final String PREFERENCE_RULE = "spread=node.labels.<label> or spread=engine.labels.<label>";

    private PlacementRules() {
    }

    static void check(Checks c, PoolSpec.Placement placement) {
        each(c, "placement.constraints", placement.constraints(), MAX_CONSTRAINTS, CONSTRAINT, CONSTRAINT_RULE);
        each(c, "placement.preferences", placement.preferences(), MAX_PREFERENCES, PREFERENCE, PREFERENCE_RULE);
    }

    private static void each(Checks c, String field, List<String> values, int max, Pattern form, String rule) {
        if (values.size() > max) {
            c.fail(field, "must have at most " + max + " entries, has " + values.size());
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String at = field + "[" + i + "]";
            if (!Rules.matches(form, value)) {
                c.fail(at, "must be " + rule);
            } else if (!seen.add(value)) {
                c.fail(at, "must not repeat '" + value + "'");
            }
        }
    }
}
