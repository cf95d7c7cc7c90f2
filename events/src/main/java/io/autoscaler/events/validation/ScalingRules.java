package io.autoscaler.events.validation;

import java.util.List;
import java.util.Set;

import io.autoscaler.events.PoolSpec;

/** The rules of one direction's bounds ({@code policy.scaleUp}, {@code policy.scaleDown}), HPA's and ours. */
final class ScalingRules {
    private static final Set<String> SELECT = Set.of(PoolSpec.Rules.MAX, PoolSpec.Rules.MIN, PoolSpec.Rules.DISABLED);
    private static final Set<String> TYPES = Set.of(PoolSpec.RatePolicy.PODS, PoolSpec.RatePolicy.PERCENT);
    private static final long ONE_DAY_MS = 86_400_000L;
    private static final int MAX_POLICIES = 10;

    private ScalingRules() {
    }

    /** {@code inherited}: the policy's tolerance, checked there; a direction's own is checked here. */
    static void check(Checks c, String field, PoolSpec.Rules r, double inherited) {
        c.range(field + ".stabilizationMs", r.stabilizationMs(), 0, ONE_DAY_MS);
        earlierShape(c, field + ".maxStepInstances", r.maxStepInstances());
        earlierShape(c, field + ".maxStepPercent", r.maxStepPercent());
        if (!SELECT.contains(r.selectPolicy())) {
            c.fail(field + ".selectPolicy", "must be one of Max, Min, Disabled");
        }
        policies(c, field + ".policies", r.policies(), PoolSpec.Rules.DISABLED.equals(r.selectPolicy()));
        if (r.tolerance() != inherited) {
            c.range(field + ".tolerance", r.tolerance(), 0.0, 0.99);
        }
        c.range(field + ".cooldownMs", r.cooldownMs(), 0, ONE_DAY_MS);
    }

    /** An earlier-shape field left after reading: either invalid, or given beside {@code policies}. */
    private static void earlierShape(Checks c, String field, Integer value) {
        if (value == null) {
            return;
        }
        if (value < 1 || value > 10_000) {
            c.range(field, value, 1, 10_000);
        } else {
            c.fail(field, "give either 'policies' or maxStepInstances/maxStepPercent, not both");
        }
    }

    private static void policies(Checks c, String field, List<PoolSpec.RatePolicy> policies, boolean disabled) {
        if (policies.isEmpty() && !disabled) {
            c.fail(field, "needs at least one policy unless selectPolicy is Disabled");
        }
        if (policies.size() > MAX_POLICIES) {
            c.fail(field, "must have at most " + MAX_POLICIES + " policies, has " + policies.size());
            return;
        }
        for (int i = 0; i < policies.size(); i++) {
            PoolSpec.RatePolicy p = policies.get(i);
            String at = field + "[" + i + "]";
            if (p == null) {
                c.fail(at, "must not be null");
                continue;
            }
            if (!TYPES.contains(p.type())) {
                c.fail(at + ".type", "must be Pods or Percent");
            }
            if (p.value() == null) {
                c.fail(at + ".value", "is required");
            } else {
                c.range(at + ".value", p.value(), 1, 10_000);
            }
            if (p.periodMs() == null) {
                c.fail(at + ".periodMs", "is required");
            } else {
                c.range(at + ".periodMs", p.periodMs(), 1, PoolSpec.Rules.MAX_PERIOD_MS);
            }
        }
    }
}
