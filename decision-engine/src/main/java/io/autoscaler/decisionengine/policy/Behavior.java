package io.autoscaler.decisionengine.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.autoscaler.events.PoolSpec;

/**
 * The bounds between a recommendation and a decision, in HPA's order: the stabilization window of
 * each direction, the per-period rate limits of each direction, min and max; then this project's
 * cooldowns and the scale-in hold after a restart. Each bound that changes the count says so.
 */
final class Behavior {
    record Outcome(int replicas, List<String> shapedBy) {
    }

    private Behavior() {
    }

    static Outcome apply(PoolSpec spec, PoolHistory history, int current, int recommended, Instant now) {
        PoolSpec.Policy policy = spec.policy();
        List<String> shapedBy = new ArrayList<>();
        int replicas = stabilize(policy, history, current, recommended, now, shapedBy);
        replicas = limitRate(policy, history, current, replicas, now, shapedBy);
        replicas = clamp(spec, replicas, shapedBy);
        replicas = coolDown(policy, history, current, replicas, now, shapedBy);
        return new Outcome(replicas, shapedBy);
    }

    /**
     * HPA's stabilization: scale up only to the lowest recommendation within the scale-up window, and
     * down only to the highest within the scale-down window (the current one included; one exactly a
     * window old no longer counts, as in HPA).
     */
    private static int stabilize(PoolSpec.Policy policy, PoolHistory history, int current, int recommended,
            Instant now, List<String> shapedBy) {
        long upWindow = policy.scaleUp().stabilizationMs();
        long downWindow = policy.scaleDown().stabilizationMs();
        history.recommended(now, recommended, Duration.ofMillis(Math.max(upWindow, downWindow)));
        int upTo = recommended;
        int downTo = recommended;
        for (PoolHistory.Recommendation r : history.recommendations()) {
            if (r.at().isAfter(now.minusMillis(upWindow))) {
                upTo = Math.min(upTo, r.replicas());
            }
            if (r.at().isAfter(now.minusMillis(downWindow))) {
                downTo = Math.max(downTo, r.replicas());
            }
        }
        int replicas = current;
        if (replicas < upTo) {
            replicas = upTo;
        }
        if (replicas > downTo) {
            replicas = downTo;
        }
        if (recommended > current && replicas < recommended) {
            shapedBy.add("stabilized by scaleUp.stabilizationMs " + upWindow + " (lowest recent recommendation "
                    + upTo + ")");
        } else if (recommended < current && replicas > recommended) {
            shapedBy.add("stabilized by scaleDown.stabilizationMs " + downWindow
                    + " (highest recent recommendation " + downTo + ")");
        }
        return replicas;
    }

    /** HPA's per-period rate limits of the direction the count moves in; see {@link RateLimit}. */
    private static int limitRate(PoolSpec.Policy policy, PoolHistory history, int current, int replicas, Instant now,
            List<String> shapedBy) {
        if (replicas > current) {
            RateLimit.Limit limit = RateLimit.up(policy.scaleUp(), history, current, now);
            if (replicas > limit.replicas()) {
                shapedBy.add((limit.replicas() == current ? "held by scaleUp." : "limited by scaleUp.") + limit.why());
                return limit.replicas();
            }
        } else if (replicas < current) {
            RateLimit.Limit limit = RateLimit.down(policy.scaleDown(), history, current, now);
            if (replicas < limit.replicas()) {
                shapedBy.add((limit.replicas() == current ? "held by scaleDown." : "limited by scaleDown.")
                        + limit.why());
                return limit.replicas();
            }
        }
        return replicas;
    }

    private static int clamp(PoolSpec spec, int replicas, List<String> shapedBy) {
        if (replicas > spec.maxReplicas()) {
            shapedBy.add("clamped to maxReplicas " + spec.maxReplicas());
            return spec.maxReplicas();
        }
        if (replicas < spec.minReplicas()) {
            shapedBy.add("clamped to minReplicas " + spec.minReplicas());
            return spec.minReplicas();
        }
        return replicas;
    }

    /**
     * Scale-ups are scaleUp.cooldownMs apart; a scale-in waits scaleDown.cooldownMs after the last
     * change either way (new instances first show what they take off the others), and after a restart
     * until the first scale-down window has passed.
     */
    private static int coolDown(PoolSpec.Policy policy, PoolHistory history, int current, int replicas,
            Instant now, List<String> shapedBy) {
        if (replicas > current && now.isBefore(plus(history.lastScaleUpAt(), policy.scaleUp().cooldownMs()))) {
            shapedBy.add("held by scaleUp.cooldownMs " + policy.scaleUp().cooldownMs());
            return current;
        }
        if (replicas < current) {
            Instant lastChange = history.lastScaleUpAt().isAfter(history.lastScaleDownAt()) ? history.lastScaleUpAt()
                    : history.lastScaleDownAt();
            if (now.isBefore(plus(lastChange, policy.scaleDown().cooldownMs()))) {
                shapedBy.add("held by scaleDown.cooldownMs " + policy.scaleDown().cooldownMs());
                return current;
            }
            if (now.isBefore(history.scaleInHeldUntil())) {
                shapedBy.add("held: no scale-in during the first scale-down stabilization window after start");
                return current;
            }
        }
        return replicas;
    }

    private static Instant plus(Instant at, long ms) {
        return at.equals(Instant.MIN) ? Instant.MIN : at.plusMillis(ms);
    }
}
