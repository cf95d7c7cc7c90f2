package io.autoscaler.decisionengine.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.Metrics;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;

/**
 * A pool as the policy sees it at {@code at}: its live instances (STARTING or RUNNING in the latest
 * membership) with their readiness and metric values, joined from each node's latest CPU snapshot
 * (their union: one collector per node) and the latest HAProxy snapshot. Snapshots older than
 * {@code maxAge} count as missing, a node's as much as the whole pool's: the instances of a node that
 * stopped reporting have no CPU value, which {@link ReplicaCalculator} treats as missing, never as idle.
 * An absent membership leaves no instance.
 */
public record Observation(Instant at, PoolMembership membership, List<InstanceView> instances) {

    /** {@code cpuByNode}: each node's latest CPU snapshot, oldest first (the newest report of an instance wins). */
    public static Observation of(PoolSpec spec, PoolMembership membership, List<CpuSnapshot> cpuByNode,
            HaproxySnapshot haproxy, PoolHistory history, Instant at, Duration maxAge) {
        if (membership == null) {
            return new Observation(at, null, List.of());
        }
        Map<String, Double> cpuById = new HashMap<>();
        for (CpuSnapshot cpu : cpuByNode) {
            if (fresh(cpu.timestamp(), at, maxAge)) {
                cpu.instances().forEach(i -> cpuById.put(i.instanceId(), i.cpuPercent()));
            }
        }
        Map<String, HaproxySnapshot.Server> serverById = new HashMap<>();
        int backendQueued = 0;
        if (fresh(haproxy == null ? null : haproxy.timestamp(), at, maxAge)) {
            haproxy.servers().stream().filter(s -> s.instanceId() != null)
                    .forEach(s -> serverById.put(s.instanceId(), s));
            backendQueued = haproxy.totals().queued();
        }
        List<PoolMembership.Instance> live = live(membership);
        double queueShare = queueShare(backendQueued, live, serverById);
        List<InstanceView> instances = live.stream().map(i -> {
            Map<String, Double> metrics = new HashMap<>();
            Double cpuPercent = cpuById.get(i.instanceId());
            if (cpuPercent != null) {
                metrics.put(Metrics.CPU, cpuPercent);
            }
            HaproxySnapshot.Server server = serverById.get(i.instanceId());
            if (server != null) {
                metrics.put(Metrics.SESSIONS, (double) server.sessions());
                metrics.put(Metrics.REQUEST_RATE, server.rate());
                metrics.put(Metrics.QUEUE, server.queued() + queueShare);
                metrics.put(Metrics.RESPONSE_TIME, server.responseTimeMs());
            }
            return new InstanceView(i.instanceId(), readiness(spec, i, server, history, at), metrics);
        }).toList();
        return new Observation(at, membership, instances);
    }

    /**
     * Each served instance's part of the backend's own queue. Requests that no server may take (each at
     * its {@code maxconn}) wait there, not in a server's queue, which holds only requests bound to that
     * server (stickiness); without this share a queue target would never see them.
     */
    static double queueShare(int backendQueued, List<PoolMembership.Instance> live,
            Map<String, HaproxySnapshot.Server> serverById) {
        long served = live.stream().filter(i -> serverById.containsKey(i.instanceId())).count();
        return served == 0 ? 0 : (double) backendQueued / served;
    }

    /** currentReplicas of a decision: the instances STARTING or RUNNING. */
    public int currentReplicas() {
        return instances.size();
    }

    /** Each metric's average over the instances whose value counts, for decisions and the API. */
    public Map<String, Double> averages() {
        Map<String, Double> averages = new TreeMap<>();
        for (String metric : Metrics.ALL) {
            ReplicaCalculator.average(metric, instances).ifPresent(v -> averages.put(metric, v));
        }
        return averages;
    }

    static List<PoolMembership.Instance> live(PoolMembership membership) {
        return membership.instances().stream().filter(i -> i.state() == PoolMembership.State.STARTING
                || i.state() == PoolMembership.State.RUNNING).toList();
    }

    /**
     * Readiness as HPA judges a pod's: not running is pending; within warmup from its start it warms up
     * (a starting JVM's CPU says nothing about load); DOWN or in maintenance it is not ready, and never
     * was if DOWN since within its start-up allowance ({@code healthCheck.graceMs}, HPA's 30 s
     * readiness delay).
     */
    private static InstanceView.Readiness readiness(PoolSpec spec, PoolMembership.Instance instance,
            HaproxySnapshot.Server server, PoolHistory history, Instant at) {
        if (instance.state() != PoolMembership.State.RUNNING) {
            return InstanceView.Readiness.PENDING;
        }
        Instant started = instance.startedAt();
        if (started != null && at.isBefore(started.plusMillis(spec.policy().warmupMs()))) {
            return InstanceView.Readiness.WARMING_UP;
        }
        if (server == null || !(isDown(server.status()) || isInMaintenance(server.status()))) {
            return InstanceView.Readiness.READY;
        }
        boolean neverUp = started != null && isDown(server.status()) && history.downSince(instance.instanceId())
                .filter(since -> !since.isAfter(started.plusMillis(spec.healthCheck().graceMs()))).isPresent();
        return neverUp ? InstanceView.Readiness.NEVER_READY : InstanceView.Readiness.NOT_READY;
    }

    /** HAProxy's status text of a server failing its checks: "DOWN", "DOWN 1/2". */
    public static boolean isDown(String status) {
        return status != null && status.startsWith("DOWN");
    }

    /** A row without status (HAProxy had none to give) says nothing against the instance. */
    private static boolean isInMaintenance(String status) {
        return status != null && status.startsWith("MAINT");
    }

    private static boolean fresh(Instant timestamp, Instant at, Duration maxAge) {
        return timestamp != null && !timestamp.isBefore(at.minus(maxAge));
    }
}
