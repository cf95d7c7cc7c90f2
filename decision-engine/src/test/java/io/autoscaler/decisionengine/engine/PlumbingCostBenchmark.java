package io.autoscaler.decisionengine.engine;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;

import io.autoscaler.decisionengine.Fixtures;
import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.events.validation.RecordValidator;
import io.autoscaler.events.validation.StackRules;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Where a snapshot's time goes on the engine's channel thread, each step alone on one thread, 1,000
 * pools × 20 instances, every evaluation deciding (as DecisionEngineBenchmark's worst case): decoding
 * the snapshot, validating it (and the HAProxy snapshot beside it), evaluating the pool, the decision's
 * meters and log line, encoding the decision.
 * Prints µs per snapshot per step, with the load average (the machine is shared: compare within a run).
 */
class PlumbingCostBenchmark {
    private static final int POOLS = 1_000;
    private static final int INSTANCES = 20;

    @Test
    void microsecondsPerSnapshotPerStep() {
        PoolSpec.Rules free = new PoolSpec.Rules(0L, 100, 1000, 0L);
        List<PoolSpec> specs = new ArrayList<>();
        for (int p = 0; p < POOLS; p++) {
            specs.add(PoolSpec.of("bench-" + p, "autoscaler/demo-app").withReplicas(1, 50).withPolicy(new PoolSpec.Policy(
                    "target-tracking", List.of(new PoolSpec.MetricTarget("cpu", 50.0)), null, 0.1, free, free, 0L)));
        }
        MeterRegistry meters = new SimpleMeterRegistry();
        Pools pools = new Pools(meters, MonotonicClock.startingNow(), Duration.ofSeconds(10));
        RecordValidator validator = new RecordValidator(StackRules.DEFAULT);
        for (PoolSpec spec : specs) {
            pools.membership(membership(spec.name(), pools.now()));
        }
        Instant since = pools.now().minusSeconds(3600);
        List<ScaleDecision> decided = new ArrayList<>();
        Map<String, IntConsumer> steps = new LinkedHashMap<>();
        byte[][] json = new byte[POOLS][];
        CpuSnapshot[] snapshots = new CpuSnapshot[POOLS];
        int[] round = {0};
        steps.put("encode snapshot (the collector's side, for the next step)", p -> json[p] = EventJson.encode(
                cpu(specs.get(p).name(), round[0] % 2 == 0 ? 60 : 40, pools.now())));
        steps.put("decode snapshot (poll thread)", p -> snapshots[p] = EventJson.decode(json[p], CpuSnapshot.class));
        steps.put("validate snapshot", p -> validator.require(specs.get(p).name(), snapshots[p]));
        HaproxySnapshot[] servers = new HaproxySnapshot[POOLS];
        steps.put("validate the pool's HAProxy snapshot (its own channel)", p -> validator.require(specs.get(p).name(),
                servers[p] == null ? servers[p] = haproxy(specs.get(p).name(), pools.now()) : servers[p]));
        steps.put("store + evaluate the pool (decides)", p -> {
            pools.cpu(snapshots[p]);
            pools.evaluate(specs.get(p), since, decided::add);
        });
        steps.put("decision meters: counter + timer lookup", p -> {
            ScaleDecision d = decided.get(decided.size() - 1);
            meters.counter("autoscaler.decisions", "pool", d.pool(), "type", d.type().name()).increment();
            Timer.builder("autoscaler.decision.lag").tag("pool", d.pool()).register(meters)
                    .record(Duration.ofMillis(3));
        });
        steps.put("decision log line, formatted", p -> {
            ScaleDecision d = decided.get(decided.size() - 1);
            String.format("Pool %s: %s %d → %d%s%s: %s", d.pool(), d.type(), d.currentReplicas(), d.desiredReplicas(),
                    "", "", d.reason()).length();
        });
        steps.put("encode decision (producer side)", p -> EventJson.encode(decided.get(decided.size() - 1)));
        Map<String, Long> nanos = new LinkedHashMap<>();
        int rounds = 20;
        for (round[0] = 0; round[0] < rounds; round[0]++) {
            for (Map.Entry<String, IntConsumer> step : steps.entrySet()) {
                long start = System.nanoTime();
                for (int p = 0; p < POOLS; p++) {
                    step.getValue().accept(p);
                }
                if (round[0] >= rounds / 2) {
                    nanos.merge(step.getKey(), System.nanoTime() - start, Long::sum);
                }
            }
        }
        System.out.printf("=== PlumbingCostBenchmark: %d pools × %d instances, %d measured rounds, load average %.1f ===%n",
                POOLS, INSTANCES, rounds / 2, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        nanos.forEach((step, total) -> System.out.printf("%-60s %7.1f µs per snapshot%n", step,
                total / 1000.0 / (POOLS * (rounds / 2))));
        System.out.printf("decisions made: %d%n", decided.size());
    }

    private static PoolMembership membership(String pool, Instant at) {
        List<PoolMembership.Instance> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(new PoolMembership.Instance(Fixtures.instanceId(i), String.format("%012x", i),
                    "127.0.0." + (i + 2), 8080, PoolMembership.State.RUNNING, at.minusSeconds(3600)));
        }
        return new PoolMembership(pool, 1, INSTANCES, instances, at);
    }

    private static HaproxySnapshot haproxy(String pool, Instant at) {
        List<HaproxySnapshot.Server> servers = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            servers.add(new HaproxySnapshot.Server(pool + "-" + Fixtures.instanceId(i), Fixtures.instanceId(i), "UP",
                    3, 0, 10, 12, "L7OK", 1));
        }
        return new HaproxySnapshot(pool, pool, at, servers, new HaproxySnapshot.Totals(60, 0, 200));
    }

    private static CpuSnapshot cpu(String pool, double percent, Instant at) {
        List<CpuSnapshot.InstanceCpu> values = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            values.add(new CpuSnapshot.InstanceCpu(Fixtures.instanceId(i), String.format("%012x", i), percent,
                    100L << 20));
        }
        return new CpuSnapshot(pool, at, values);
    }
}
