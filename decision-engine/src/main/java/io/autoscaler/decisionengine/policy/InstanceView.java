package io.autoscaler.decisionengine.policy;

import java.util.Map;

/**
 * One instance as the policy sees it: whether it counts as ready (HPA's unready pods are the ones
 * still starting, in warmup, or failing their health check) and its latest value per metric name;
 * a metric absent from the map is missing for this instance.
 */
public record InstanceView(String instanceId, boolean ready, Map<String, Double> metrics) {
    public InstanceView {
        metrics = Map.copyOf(metrics);
    }

    public static InstanceView ready(String instanceId, Map<String, Double> metrics) {
        return new InstanceView(instanceId, true, metrics);
    }

    public static InstanceView unready(String instanceId, Map<String, Double> metrics) {
        return new InstanceView(instanceId, false, metrics);
    }
}
