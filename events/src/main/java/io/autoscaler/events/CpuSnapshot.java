package io.autoscaler.events;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * CPU and memory of every managed container of a pool on one node, once per collection tick.
 * {@code node} names the node whose collector took it (Swarm: one collector per node); null in
 * records of a single collector that names none (one Docker engine), which count as one node.
 */
@RegisterForReflection
public record CpuSnapshot(String pool, String node, Instant timestamp, List<InstanceCpu> instances) {

    public CpuSnapshot {
        Fields.required(pool, "pool");
        Fields.required(timestamp, "timestamp");
        instances = Fields.listOrEmpty(instances);
    }

    /** A snapshot that names no node: the only collector's (one Docker engine). */
    public CpuSnapshot(String pool, Instant timestamp, List<InstanceCpu> instances) {
        this(pool, null, timestamp, instances);
    }

    /** {@code cpuPercent} is relative to the container's CPU limit, or one core without one. */
    @RegisterForReflection
    public record InstanceCpu(String instanceId, String containerId, double cpuPercent, long memoryBytes) {
        public InstanceCpu {
            Fields.required(instanceId, "instanceId");
        }
    }
}
