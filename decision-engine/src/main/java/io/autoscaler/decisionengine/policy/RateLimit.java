package io.autoscaler.decisionengine.policy;

import java.time.Instant;

import io.autoscaler.events.PoolSpec;

/**
 * HPA's rate limits of one direction. Each policy is a budget over its sliding period, counted from
 * the count at the period's start (the current count with the changes of that period undone); Pods
 * adds or removes {@code value} instances, Percent multiplies by 1 ± {@code value}/100 (rounded up
 * when growing, truncated when shrinking, in HPA's arithmetic). {@code Max} takes the policy allowing
 * the largest change, {@code Min} the smallest, {@code Disabled} allows none. A limit is never past the
 * current count the wrong way: a spent budget holds, it does not reverse.
 */
final class RateLimit {
    record Limit(int replicas, String why) {
    }

    private RateLimit() {
    }

    static Limit up(PoolSpec.Rules rules, PoolHistory history, int current, Instant now) {
        return limit(rules, history, current, now, 1);
    }

    static Limit down(PoolSpec.Rules rules, PoolHistory history, int current, Instant now) {
        return limit(rules, history, current, now, -1);
    }

    /** {@code direction} 1 grows, -1 shrinks: the largest change is the highest count one way, the lowest the other. */
    private static Limit limit(PoolSpec.Rules rules, PoolHistory history, int current, Instant now, int direction) {
        if (PoolSpec.Rules.DISABLED.equals(rules.selectPolicy())) {
            return new Limit(current, "selectPolicy Disabled");
        }
        boolean lowest = PoolSpec.Rules.MIN.equals(rules.selectPolicy()) == (direction > 0);
        int limit = lowest ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        String why = "";
        for (int i = 0; i < rules.policies().size(); i++) {
            PoolSpec.RatePolicy p = rules.policies().get(i);
            int start = periodStart(p, history, current, now);
            double factor = 1 + direction * p.value() / 100.0;
            int proposed = PoolSpec.RatePolicy.PODS.equals(p.type()) ? start + direction * p.value()
                    : direction > 0 ? (int) Math.ceil(start * factor) : (int) (start * factor);
            if (lowest ? proposed < limit : proposed > limit) {
                limit = proposed;
                why = describe(i, p, start, rules.selectPolicy(), rules.policies().size());
            }
        }
        return new Limit(direction > 0 ? Math.max(limit, current) : Math.min(limit, current), why);
    }

    private static int periodStart(PoolSpec.RatePolicy p, PoolHistory history, int current, Instant now) {
        return current - history.addedWithin(p.periodMs(), now) + history.removedWithin(p.periodMs(), now);
    }

    /** "policies[1] (Pods 4 per 15000 ms from 6 at the period's start)", and the selection if it chose. */
    private static String describe(int index, PoolSpec.RatePolicy p, int start, String select, int count) {
        return "policies[" + index + "] (" + p.type() + " " + p.value() + " per " + p.periodMs() + " ms from " + start
                + " at the period's start" + (count > 1 ? ", selectPolicy " + select : "") + ")";
    }
}
