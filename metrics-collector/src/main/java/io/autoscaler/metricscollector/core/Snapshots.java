package io.autoscaler.metricscollector.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolSpec;

/**
 * What one tick publishes, from what it could read: one CpuSnapshot per pool when Docker answered,
 * one HaproxySnapshot per pool when HAProxy answered and has the pool's backend. A source that did
 * not answer yields no snapshot rather than an empty one: "no data" must not read as "idle".
 */
public record Snapshots(List<CpuSnapshot> cpu, List<HaproxySnapshot> haproxy, List<PoolSpec> backendMissing) {

    /** {@code node}: the node this collector speaks for, named in each CPU snapshot; null names none. */
    public static Snapshots of(Collection<PoolSpec> pools, String node, Optional<List<StatsCsv.Row>> haproxyStats,
            Optional<List<InstanceReading>> containers, Instant at) {
        List<CpuSnapshot> cpu = new ArrayList<>();
        List<HaproxySnapshot> haproxy = new ArrayList<>();
        List<PoolSpec> missing = new ArrayList<>();
        for (PoolSpec pool : pools) {
            containers.ifPresent(readings -> cpu.add(cpu(pool.name(), node, readings, at)));
            haproxyStats.ifPresent(table -> BackendStats.snapshot(pool.name(), pool.haproxyBackend(), table, at)
                    .ifPresentOrElse(haproxy::add, () -> missing.add(pool)));
        }
        return new Snapshots(List.copyOf(cpu), List.copyOf(haproxy), List.copyOf(missing));
    }

    static CpuSnapshot cpu(String pool, String node, List<InstanceReading> readings, Instant at) {
        return new CpuSnapshot(pool, node, at, readings.stream()
                .filter(r -> pool.equals(r.pool()))
                .map(r -> new CpuSnapshot.InstanceCpu(r.instanceId(), r.containerId(), r.cpuPercent(), r.memoryBytes()))
                .toList());
    }
}
