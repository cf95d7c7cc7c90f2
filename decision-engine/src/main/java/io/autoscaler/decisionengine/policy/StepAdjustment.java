package io.autoscaler.decisionengine.policy;

import io.autoscaler.events.PoolSpec;

/**
 * What one step of a step policy makes of the count, as AWS step scaling computes it:
 * <ul>
 * <li>{@code ChangeInCapacity}: the count plus {@code change};</li>
 * <li>{@code PercentChangeInCapacity}: plus {@code change} percent of the count, truncated toward zero
 * but never below one instance in magnitude, and at least {@code minAdjustmentMagnitude} when set;</li>
 * <li>{@code ExactCapacity}: {@code change} itself.</li>
 * </ul>
 * Stepping out counts only warmed-up instances (and never fewer than the desired count already asks
 * for): instances still warming up from an earlier step are not added again, and a higher step adds
 * only the difference. The result is never below 0; bounds come later.
 */
final class StepAdjustment {
    record Adjusted(int replicas, String how) {
    }

    private StepAdjustment() {
    }

    static Adjusted apply(PoolSpec.Policy policy, int change, int current, int warmedUp) {
        String type = policy.adjustmentType();
        if (PoolSpec.Policy.EXACT_CAPACITY.equals(type)) {
            return new Adjusted(change, "exactly " + change);
        }
        boolean out = change > 0;
        int base = out ? Math.min(current, warmedUp) : current;
        int adjustment = PoolSpec.Policy.PERCENT_CHANGE_IN_CAPACITY.equals(type)
                ? percent(base, change, policy.minAdjustmentMagnitude())
                : change;
        int replicas = out ? Math.max(current, base + adjustment) : Math.max(0, base + adjustment);
        String how = (adjustment > 0 ? "+" : "") + adjustment
                + (PoolSpec.Policy.PERCENT_CHANGE_IN_CAPACITY.equals(type) ? " (" + change + "% of " + base + ")" : "")
                + (base < current ? " on " + base + " warmed up" : "");
        return new Adjusted(replicas, how);
    }

    /** AWS's rounding: toward zero, but a change of less than one instance is one instance. */
    static int percent(int base, int percent, Integer minMagnitude) {
        double raw = base * percent / 100.0;
        int adjustment = Math.abs(raw) < 1 ? (int) Math.signum(percent) : (int) raw;
        if (minMagnitude != null && Math.abs(adjustment) < minMagnitude) {
            adjustment = (int) Math.signum(percent) * minMagnitude;
        }
        return adjustment;
    }
}
