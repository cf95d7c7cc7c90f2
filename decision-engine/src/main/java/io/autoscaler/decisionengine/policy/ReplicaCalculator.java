package io.autoscaler.decisionengine.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import io.autoscaler.events.Metrics;

/**
 * The replica count one metric asks for, computed as Kubernetes' HPA replica calculator does for a
 * metric with an average target:
 * <ul>
 * <li>instances not yet running are unready; then a running instance without a value is missing; then
 * one whose value does not count ({@link InstanceView#counts}) is unready; the others are ready;</li>
 * <li>usage = average of the ready values, for CPU in whole percent (HPA truncates utilization to an
 * integer); ratio = usage / target; within the tolerance of the direction (1 − down ≤ ratio ≤ 1 + up)
 * nothing changes, otherwise desired = ceil(ratio × ready instances);</li>
 * <li>when some are missing or the ratio asks to scale up while some are unready, the calculation is
 * redone with assumptions: on a scale-down a missing CPU value counts as max(100 %, target) (HPA's
 * resource rule) and any other missing value as the target (HPA's rule for pod metrics); on a scale-up
 * missing and unready instances count as using nothing;</li>
 * <li>if those assumptions flip the direction, land within the tolerance, or move the count against
 * the direction, nothing changes.</li>
 * </ul>
 * Empty when no ready instance reported the metric: there is nothing to act on.
 */
public final class ReplicaCalculator {
    private ReplicaCalculator() {
    }

    /** The average of the values of {@code metric} that count, if any instance reported one. */
    public static OptionalDouble average(String metric, List<InstanceView> instances) {
        return instances.stream().filter(i -> i.counts(metric) && i.metrics().containsKey(metric))
                .mapToDouble(i -> i.metrics().get(metric)).average();
    }

    /**
     * How many running instances have no value of {@code metric}: their node stopped reporting, or no
     * snapshot is fresh. {@link #replicas} makes HPA's assumptions for them.
     */
    public static long missing(String metric, List<InstanceView> instances) {
        return instances.stream().filter(i -> i.readiness() != InstanceView.Readiness.PENDING
                && !i.metrics().containsKey(metric)).count();
    }

    public static OptionalInt replicas(String metric, double target, double downTolerance, double upTolerance,
            int currentReplicas, List<InstanceView> instances) {
        List<Double> ready = new ArrayList<>();
        int unready = 0;
        int missing = 0;
        for (InstanceView instance : instances) {
            Double value = instance.metrics().get(metric);
            if (instance.readiness() == InstanceView.Readiness.PENDING) {
                unready++;
            } else if (value == null) {
                missing++;
            } else if (!instance.counts(metric)) {
                unready++;
            } else {
                ready.add(value);
            }
        }
        if (ready.isEmpty()) {
            return OptionalInt.empty();
        }
        double ratio = usage(metric, ready) / target;
        boolean scaleUpWithUnready = unready > 0 && ratio > 1.0;
        if (!scaleUpWithUnready && missing == 0) {
            if (within(ratio, downTolerance, upTolerance)) {
                return OptionalInt.of(currentReplicas);
            }
            return OptionalInt.of(ceil(metric, ratio * ready.size()));
        }

        List<Double> assumed = new ArrayList<>(ready);
        if (missing > 0 && ratio < 1.0) {
            double onScaleDown = Metrics.CPU.equals(metric) ? Math.max(100.0, target) : target;
            assumed.addAll(Collections.nCopies(missing, onScaleDown));
        } else if (missing > 0 && ratio > 1.0) {
            assumed.addAll(Collections.nCopies(missing, 0.0));
        }
        if (scaleUpWithUnready) {
            assumed.addAll(Collections.nCopies(unready, 0.0));
        }
        double newRatio = usage(metric, assumed) / target;
        if (within(newRatio, downTolerance, upTolerance) || (ratio < 1.0 && newRatio > 1.0)
                || (ratio > 1.0 && newRatio < 1.0)) {
            return OptionalInt.of(currentReplicas);
        }
        int replicas = ceil(metric, newRatio * assumed.size());
        if ((newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas)) {
            return OptionalInt.of(currentReplicas);
        }
        return OptionalInt.of(replicas);
    }

    private static boolean within(double ratio, double downTolerance, double upTolerance) {
        return 1.0 - downTolerance <= ratio && ratio <= 1.0 + upTolerance;
    }

    /** CPU in whole percent, as HPA's utilization; HAProxy's metrics as they are. */
    private static double usage(String metric, List<Double> values) {
        double average = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return Metrics.CPU.equals(metric) ? Math.floor(average + 1e-9) : average;
    }

    /**
     * CPU exactly as HPA rounds (its float arithmetic included: a whole-percent usage keeps it exact in
     * practice); the averages of HAProxy's metrics ignore floating-point noise: 1.2 × 5 is 6, not 7.
     */
    private static int ceil(String metric, double value) {
        return (int) Math.ceil(Metrics.CPU.equals(metric) ? value : value - 1e-9);
    }
}
