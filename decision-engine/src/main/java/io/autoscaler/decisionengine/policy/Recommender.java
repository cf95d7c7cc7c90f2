package io.autoscaler.decisionengine.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import io.autoscaler.events.PoolSpec;

/**
 * The replica count a pool's policy asks for before any bound: each metric proposes a count and the
 * largest wins (as HPA does with several metrics). Empty when no metric can be read.
 */
public final class Recommender {
    private Recommender() {
    }

    public static Optional<Proposal> recommend(PoolSpec.Policy policy, int currentReplicas,
            List<InstanceView> instances) {
        return PoolSpec.Policy.STEP.equals(policy.type()) ? steps(policy, currentReplicas, instances)
                : targetTracking(policy, currentReplicas, instances);
    }

    /**
     * HPA's rule for several metrics: the largest proposal wins, but while some metric cannot be read
     * the pool does not scale in (that metric might have asked for more).
     */
    static Optional<Proposal> targetTracking(PoolSpec.Policy policy, int currentReplicas,
            List<InstanceView> instances) {
        List<Proposal> proposals = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (PoolSpec.MetricTarget m : policy.metrics()) {
            OptionalInt replicas = ReplicaCalculator.replicas(m.name(), m.target(), policy.scaleDown().tolerance(),
                    policy.scaleUp().tolerance(), currentReplicas, instances);
            OptionalDouble value = ReplicaCalculator.average(m.name(), instances);
            if (replicas.isEmpty() || value.isEmpty()) {
                unreadable.add(m.name());
                continue;
            }
            long missing = ReplicaCalculator.missing(m.name(), instances);
            String why = m.name() + " " + MetricText.value(m.name(), value.getAsDouble()) + " vs target "
                    + MetricText.bound(m.name(), m.target()) + " → " + replicas.getAsInt()
                    + (missing == 0 ? "" : " (" + missing + (missing == 1 ? " instance" : " instances")
                            + " without " + m.name() + ", counted as missing)");
            proposals.add(new Proposal(m.name(), value.getAsDouble(), replicas.getAsInt(), why));
        }
        Optional<Proposal> largest = proposals.stream().max(Comparator.comparingInt(Proposal::replicas));
        if (largest.isPresent() && !unreadable.isEmpty() && largest.get().replicas() < currentReplicas) {
            Proposal p = largest.get();
            return Optional.of(new Proposal(p.metric(), p.value(), currentReplicas,
                    p.why() + "; held at " + currentReplicas + " while " + String.join(", ", unreadable)
                            + " cannot be read"));
        }
        return largest;
    }

    /**
     * A step policy: per metric, the step whose band holds the metric's average proposes what
     * {@link StepAdjustment} makes of the count, and a readable metric in no band (a gap the policy
     * allows) proposes no change; the largest proposal over the metrics wins.
     */
    static Optional<Proposal> steps(PoolSpec.Policy policy, int currentReplicas, List<InstanceView> instances) {
        int warmedUp = (int) instances.stream().filter(InstanceView::warmedUp).count();
        List<Proposal> proposals = new ArrayList<>();
        for (String metric : policy.steps().stream().map(PoolSpec.Step::metric).distinct().toList()) {
            OptionalDouble value = ReplicaCalculator.average(metric, instances);
            if (value.isEmpty()) {
                continue;
            }
            double v = value.getAsDouble();
            String at = metric + " " + MetricText.value(metric, v);
            Optional<PoolSpec.Step> step = policy.steps().stream()
                    .filter(s -> s.metric().equals(metric) && inBand(s, v)).findFirst();
            if (step.isPresent()) {
                StepAdjustment.Adjusted adjusted = StepAdjustment.apply(policy, step.get().change(), currentReplicas,
                        warmedUp);
                proposals.add(new Proposal(metric, v, adjusted.replicas(), at + " in step " + band(step.get())
                        + " → " + adjusted.how() + " → " + adjusted.replicas()));
            } else {
                proposals.add(new Proposal(metric, v, currentReplicas, at + " in no step → " + currentReplicas));
            }
        }
        return proposals.stream().max(Comparator.comparingInt(Proposal::replicas));
    }

    private static boolean inBand(PoolSpec.Step step, double value) {
        return (step.from() == null || value >= step.from()) && (step.to() == null || value < step.to());
    }

    private static String band(PoolSpec.Step step) {
        return "[" + (step.from() == null ? "-∞" : MetricText.bound(step.metric(), step.from())) + ", "
                + (step.to() == null ? "∞" : MetricText.bound(step.metric(), step.to())) + ")";
    }
}
