package io.autoscaler.metricscollector.core;

/**
 * One reading of Docker's CPU counters for a container: the container's cumulative CPU time and the
 * host's, both in nanoseconds, and the CPUs online when it was taken.
 */
public record CpuSample(long containerNanos, long systemNanos, int onlineCpus) {
}
