package io.autoscaler.metricscollector.core;

/** What Docker says of one running managed container this tick. */
public record InstanceReading(String pool, String instanceId, String containerId, double cpuPercent,
        long memoryBytes) {
}
