package io.autoscaler.metricscollector.core;

import java.util.OptionalDouble;

/** The CPU maths of DESIGN.md's {@code cpu} metric, from two Docker stats samples. */
public final class CpuUsage {
    private CpuUsage() {
    }

    /**
     * CPU percent between two samples, as {@code docker stats} computes it (Δcontainer / Δsystem ×
     * online CPUs × 100, i.e. percent of one core), then relative to the container's limit in CPUs
     * when it has one ({@code limitCpus} > 0). Empty when the samples cannot give a rate: no earlier
     * sample, no time elapsed, or counters that went backwards (the container was restarted).
     */
    public static OptionalDouble percent(CpuSample previous, CpuSample current, double limitCpus) {
        if (previous == null || current == null) {
            return OptionalDouble.empty();
        }
        long container = current.containerNanos() - previous.containerNanos();
        long system = current.systemNanos() - previous.systemNanos();
        if (system <= 0 || container < 0 || previous.systemNanos() == 0) {
            return OptionalDouble.empty();
        }
        int cpus = Math.max(1, current.onlineCpus());
        double ofOneCore = (double) container / system * cpus * 100.0;
        return OptionalDouble.of(limitCpus > 0 ? ofOneCore / limitCpus : ofOneCore);
    }

    /**
     * The container's CPU limit in CPUs: {@code --cpus} (NanoCpus), else a CFS quota over its
     * period; 0 when it has none.
     */
    public static double limitCpus(Long nanoCpus, Long cpuQuota, Long cpuPeriod) {
        if (nanoCpus != null && nanoCpus > 0) {
            return nanoCpus / 1e9;
        }
        if (cpuQuota != null && cpuQuota > 0) {
            long period = cpuPeriod != null && cpuPeriod > 0 ? cpuPeriod : 100_000L;
            return (double) cpuQuota / period;
        }
        return 0;
    }

    /**
     * Memory in use without the page cache the kernel can drop, as {@code docker stats} shows it:
     * usage minus inactive file pages ({@code total_inactive_file} on cgroup v1, {@code inactive_file}
     * on v2).
     */
    public static long memoryBytes(Long usage, Long totalInactiveFile, Long inactiveFile) {
        if (usage == null || usage <= 0) {
            return 0;
        }
        Long cache = totalInactiveFile != null ? totalInactiveFile : inactiveFile;
        return cache != null && cache < usage ? usage - cache : usage;
    }
}
