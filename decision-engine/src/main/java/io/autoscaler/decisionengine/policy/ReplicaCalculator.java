package io.autoscaler.decisionengine.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The replica count one metric asks for, computed as Kubernetes' HPA replica calculator does for a
 * per-pod metric with an average target:
 * <ul>
 * <li>ratio = average of the ready instances' values / target; within the tolerance nothing changes,
 * otherwise desired = ceil(ratio × ready instances that reported);</li>
 * <li>unready instances are left out, except that when the ready ones ask to scale up they count as
 * using nothing (so a scale-up already on its way is not doubled);</li>
 * <li>ready instances without a value count as exactly on target when scaling down and as using
 * nothing when scaling up, the conservative side each way;</li>
 * <li>if those assumptions flip the direction or land within the tolerance, nothing changes.</li>
 * </ul>
 * Empty when no ready instance reported the metric: there is nothing to act on.
 */
public final class ReplicaCalculator {
    private ReplicaCalculator() {
    }

    /** The average of the ready instances' values of {@code metric}, if any reported it. */
    public static OptionalDouble readyAverage(String metric, List<InstanceView> instances) {
        return instances.stream().filter(InstanceView::ready).filter(i -> i.metrics().containsKey(metric))
                .mapToDouble(i -> i.metrics().get(metric)).average();
    }

    public static OptionalInt replicas(String metric, double target, double tolerance, int currentReplicas,
            List<InstanceView> instances) {
        List<Double> ready = new ArrayList<>();
        int unready = 0;
        int missing = 0;
        for (InstanceView instance : instances) {
            Double value = instance.metrics().get(metric);
            if (!instance.ready()) {
                unready++;
            } else if (value == null) {
                missing++;
            } else {
                ready.add(value);
            }
        }
        if (ready.isEmpty()) {
            return OptionalInt.empty();
        }
        double ratio = average(ready) / target;
        boolean scaleUpWithUnready = unready > 0 && ratio > 1.0;
        if (!scaleUpWithUnready && missing == 0) {
            if (Math.abs(1.0 - ratio) <= tolerance) {
                return OptionalInt.of(currentReplicas);
            }
            return OptionalInt.of(ceil(ratio * ready.size()));
        }

        List<Double> assumed = new ArrayList<>(ready);
        if (missing > 0 && ratio < 1.0) {
            assumed.addAll(Collections.nCopies(missing, target));
        } else if (missing > 0 && ratio > 1.0) {
            assumed.addAll(Collections.nCopies(missing, 0.0));
        }
        if (scaleUpWithUnready) {
            assumed.addAll(Collections.nCopies(unready, 0.0));
        }
        double newRatio = average(assumed) / target;
        if (Math.abs(1.0 - newRatio) <= tolerance || (ratio < 1.0 && newRatio > 1.0)
                || (ratio > 1.0 && newRatio < 1.0)) {
            return OptionalInt.of(currentReplicas);
        }
        int replicas = ceil(newRatio * assumed.size());
        if ((newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas)) {
            return OptionalInt.of(currentReplicas);
        }
        return OptionalInt.of(replicas);
    }

    private static double average(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** ceil that ignores floating-point noise: 1.2 × 5 is 6, not 7. */
    private static int ceil(double value) {
        return (int) Math.ceil(value - 1e-9);
    }
}
