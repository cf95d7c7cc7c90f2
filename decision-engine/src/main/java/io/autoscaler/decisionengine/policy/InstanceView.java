package io.autoscaler.decisionengine.policy;

import java.util.Map;

import io.autoscaler.events.Metrics;

/**
 * One instance as the policy sees it: how far it is from ready and its latest value per metric name; a
 * metric absent from the map is missing for this instance.
 */
public record InstanceView(String instanceId, Readiness readiness, Map<String, Double> metrics) {
    /**
     * HPA's pod states, in our terms: PENDING (not running yet, HPA's Pending pod), WARMING_UP (running
     * within {@code policy.warmupMs} of its start: HPA's CPU initialization period, whose samples say
     * nothing about load), NEVER_READY (past warmup, DOWN since its start-up allowance, never UP),
     * NOT_READY (past warmup, was UP, now DOWN or in maintenance), READY.
     */
    public enum Readiness {
        PENDING, WARMING_UP, NEVER_READY, NOT_READY, READY
    }

    public InstanceView {
        metrics = Map.copyOf(metrics);
    }

    public boolean ready() {
        return readiness == Readiness.READY;
    }

    /** Running, past its warmup: the instances AWS counts as capacity when stepping out. */
    public boolean warmedUp() {
        return readiness != Readiness.PENDING && readiness != Readiness.WARMING_UP;
    }

    /**
     * Whether this instance's value of {@code metric} is taken. CPU as HPA takes it: a NOT_READY
     * instance's CPU still counts (HPA ignores a pod's CPU only during initialization or when it never
     * became ready). HAProxy's metrics only from READY instances: HAProxy sends nothing to a server
     * DOWN or in maintenance, so its sessions, rate and queue fall to 0 for a reason unrelated to load,
     * and would pull the average toward a scale-in just when capacity is short.
     */
    public boolean counts(String metric) {
        return Metrics.CPU.equals(metric) ? readiness == Readiness.READY || readiness == Readiness.NOT_READY
                : ready();
    }
}
