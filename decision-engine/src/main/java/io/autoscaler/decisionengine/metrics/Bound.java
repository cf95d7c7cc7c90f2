package io.autoscaler.decisionengine.metrics;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The setting that limited a decision, read from its reason ("...; limited by scaleUp.policies[0] (Pods 1 ...)"):
 * the last one named wins, as it shaped the count last. A closed set of values, so a metric tagged with it
 * stays small whatever a record says: a setting outside it is "other", a reason naming none is "none".
 */
public final class Bound {
    public static final String NONE = "none";
    public static final String OTHER = "other";
    /** "held: no scale-in during the first scale-down stabilization window after start". */
    public static final String START = "start";
    /** Today's settings, and the earlier shape's step limits that records written before may still name. */
    private static final Set<String> SETTINGS = Set.of("minReplicas", "maxReplicas", "scaleUp.stabilizationMs",
            "scaleDown.stabilizationMs", "scaleUp.policies", "scaleDown.policies", "scaleUp.selectPolicy",
            "scaleDown.selectPolicy", "scaleUp.cooldownMs", "scaleDown.cooldownMs", "scaleUp.maxStepInstances",
            "scaleUp.maxStepPercent", "scaleDown.maxStepInstances", "scaleDown.maxStepPercent");
    private static final Pattern SHAPED = Pattern
            .compile("(?:stabilized by|limited by|clamped to|held by) ([A-Za-z.]+)|(held: no scale-in)");

    private Bound() {
    }

    public static String of(String reason) {
        String bound = NONE;
        Matcher m = SHAPED.matcher(reason == null ? "" : reason);
        while (m.find()) {
            bound = m.group(2) != null ? START : SETTINGS.contains(m.group(1)) ? m.group(1) : OTHER;
        }
        return bound;
    }
}
