package io.autoscaler.decisionengine.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;

/**
 * The policy core alone, on one thread: 1,000 pools × 20 instances evaluated on alternating CPU (every
 * evaluation decides). Prints evaluations/s, the ceiling the Kafka adapters add their cost to.
 */
class PolicyCoreBenchmark {
    private static final int POOLS = 1_000;
    private static final int INSTANCES = 20;

    @Test
    void evaluationsPerSecond() {
        PoolSpec.Rules free = new PoolSpec.Rules(0L, 100, 1000, 0L);
        PoolSpec spec = PoolSpec.of("p", "autoscaler/demo-app").withReplicas(1, 50).withPolicy(new PoolSpec.Policy(
                "target-tracking", List.of(new PoolSpec.MetricTarget("cpu", 50.0)), null, 0.1, free, free, 0L));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<PoolMembership.Instance> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(new PoolMembership.Instance("i" + i, "c" + i, "h", 8080, PoolMembership.State.RUNNING,
                    t0.minusSeconds(3600)));
        }
        PoolMembership membership = new PoolMembership("p", 1, INSTANCES, instances, t0);
        List<PoolHistory> histories = new ArrayList<>();
        for (int p = 0; p < POOLS; p++) {
            PoolHistory h = new PoolHistory();
            h.decided(new ScaleDecision(UUID.randomUUID(), "p", ScaleDecision.Type.SCALE, 20, 20, null, "", Map.of(),
                    false, t0.minusSeconds(60)));
            histories.add(h);
        }
        for (int round = 0; round < 2; round++) {
            long decisions = 0;
            long start = System.nanoTime();
            int seconds = 30;
            for (int s = 0; s < seconds; s++) {
                Instant at = t0.plusSeconds(s + round * 100L);
                double cpu = s % 2 == 0 ? 60 : 40;
                List<CpuSnapshot.InstanceCpu> values = new ArrayList<>();
                for (int i = 0; i < INSTANCES; i++) {
                    values.add(new CpuSnapshot.InstanceCpu("i" + i, "c" + i, cpu, 0));
                }
                CpuSnapshot snapshot = new CpuSnapshot("p", at, values);
                for (PoolHistory h : histories) {
                    decisions += PoolDecider.decide(spec, h,
                            Observation.of(spec, membership, List.of(snapshot), null, h, at, Duration.ofSeconds(10))).size();
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: %d evaluations, %d decisions in %.2f s → %.0f evaluations/s on one thread%n",
                    round == 0 ? "warm-up" : "measured", POOLS * seconds, decisions, elapsed, POOLS * seconds / elapsed);
        }
    }
}
