package io.autoscaler.events.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.autoscaler.events.PoolSpec;

/**
 * The rules of a step policy, as AWS step scaling has them: each step a band and a non-zero adjustment
 * (an exact capacity at least 0); the bands of one metric never overlap and, unless
 * {@code policy.allowGaps}, leave no gap between them (a value in a gap would silently change nothing);
 * {@code minAdjustmentMagnitude} only with {@code PercentChangeInCapacity}.
 */
final class StepRules {
    private StepRules() {
    }

    static void check(Checks c, PoolSpec.Policy p) {
        String type = p.adjustmentType();
        boolean known = List.of(PoolSpec.Policy.CHANGE_IN_CAPACITY, PoolSpec.Policy.PERCENT_CHANGE_IN_CAPACITY,
                PoolSpec.Policy.EXACT_CAPACITY).contains(type);
        if (!known) {
            c.fail("policy.adjustmentType", "must be ChangeInCapacity, PercentChangeInCapacity or ExactCapacity");
        }
        if (p.minAdjustmentMagnitude() != null) {
            if (!PoolSpec.Policy.PERCENT_CHANGE_IN_CAPACITY.equals(type)) {
                c.fail("policy.minAdjustmentMagnitude", "applies only to adjustmentType PercentChangeInCapacity");
            } else {
                c.range("policy.minAdjustmentMagnitude", p.minAdjustmentMagnitude(), 1, 10_000);
            }
        }
        if (p.steps().isEmpty()) {
            c.fail("policy.steps", "a step policy needs at least one step");
        }
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < p.steps().size(); i++) {
            if (step(c, "policy.steps[" + i + "]", p.steps().get(i), type)) {
                valid.add(i);
            }
        }
        bands(c, p, valid);
    }

    private static boolean step(Checks c, String field, PoolSpec.Step s, String type) {
        if (s == null) {
            c.fail(field, "must not be null");
            return false;
        }
        int before = c.violations.size();
        PoolSpecValidator.metricName(c, field + ".metric", s.metric());
        if (s.from() == null && s.to() == null) {
            c.fail(field, "needs 'from', 'to' or both");
        }
        if (s.from() != null && s.to() != null && !(s.from() < s.to())) {
            c.fail(field + ".to", "must be greater than 'from'");
        }
        if (PoolSpec.Policy.EXACT_CAPACITY.equals(type)) {
            if (s.change() == null || s.change() < 0) {
                c.fail(field + ".change", "must be an instance count at least 0 (ExactCapacity)");
            }
        } else if (s.change() == null || s.change() == 0) {
            c.fail(field + ".change", PoolSpec.Policy.PERCENT_CHANGE_IN_CAPACITY.equals(type)
                    ? "must be a non-zero percent" : "must be a non-zero number of instances");
        } else if (s.change() < -100 && PoolSpec.Policy.PERCENT_CHANGE_IN_CAPACITY.equals(type)) {
            c.fail(field + ".change", "must be at least -100 (percent)");
        }
        return c.violations.size() == before;
    }

    /** Per metric, in order of their lower bounds: each band must start where the one before ended. */
    private static void bands(Checks c, PoolSpec.Policy p, List<Integer> valid) {
        Comparator<Integer> byFrom = Comparator.comparingDouble(i -> lower(p.steps().get(i)));
        for (String metric : valid.stream().map(i -> p.steps().get(i).metric()).distinct().toList()) {
            List<Integer> ordered = valid.stream().filter(i -> p.steps().get(i).metric().equals(metric))
                    .sorted(byFrom).toList();
            for (int k = 1; k < ordered.size(); k++) {
                int before = ordered.get(k - 1);
                int at = ordered.get(k);
                double end = upper(p.steps().get(before));
                double start = lower(p.steps().get(at));
                if (start < end) {
                    c.fail("policy.steps[" + at + "]", "overlaps policy.steps[" + before + "]");
                } else if (start > end && !p.allowGaps()) {
                    c.fail("policy.steps[" + at + "]", "leaves a gap after policy.steps[" + before + "] (" + end
                            + " to " + start + "): close it, or set policy.allowGaps if nothing should happen there");
                }
            }
        }
    }

    private static double lower(PoolSpec.Step s) {
        return s.from() == null ? Double.NEGATIVE_INFINITY : s.from();
    }

    private static double upper(PoolSpec.Step s) {
        return s.to() == null ? Double.POSITIVE_INFINITY : s.to();
    }
}
