package io.autoscaler.events;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** CPU and memory of every managed container of a pool, once per collection tick. */
@RegisterForReflection
public record CpuSnapshot(String pool, Instant timestamp, List<InstanceCpu> instances) {

    public CpuSnapshot {
        Fields.required(pool, "pool");
        Fields.required(timestamp, "timestamp");
        instances = Fields.listOrEmpty(instances);
    }

    /** {@code cpuPercent} is relative to the container's CPU limit, or one core without one. */
    @RegisterForReflection
    public record InstanceCpu(String instanceId, String containerId, double cpuPercent, long memoryBytes) {
        public InstanceCpu {
            Fields.required(instanceId, "instanceId");
        }
    }
}
