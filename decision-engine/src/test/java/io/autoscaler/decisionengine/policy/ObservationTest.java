package io.autoscaler.decisionengine.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.Metrics;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;

/**
 * The queue metric per instance: the backend's own queue (requests waiting while every server is at
 * its maxconn) shared among the instances HAProxy serves with, plus what waits for that instance itself;
 * and each instance's readiness as HPA would judge a pod's.
 */
class ObservationTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final PoolSpec SPEC = PoolSpec.of("p", "autoscaler/demo-app");

    static Stream<Arguments> queues() {
        return Stream.of(
                // backend queue, each server's own queue, → the pool's average queue per instance
                Arguments.of(0, List.of(0, 0), 0.0),
                Arguments.of(10, List.of(0, 0), 5.0),   // maxconn reached everywhere: all waits at the backend
                Arguments.of(9, List.of(0, 0, 0), 3.0),
                Arguments.of(0, List.of(4, 0), 2.0),    // sticky requests wait for their own server
                Arguments.of(6, List.of(4, 0), 5.0),
                Arguments.of(7, List.of(), null));      // no server row: no queue reading at all
    }

    @ParameterizedTest(name = "backend {0}, servers {1} → {2}")
    @MethodSource("queues")
    void theBackendsQueueCountsForTheInstancesItWaitsFor(int backendQueued, List<Integer> serverQueues,
            Double perInstance) {
        List<PoolMembership.Instance> instances = new ArrayList<>();
        List<HaproxySnapshot.Server> servers = new ArrayList<>();
        for (int i = 0; i < Math.max(2, serverQueues.size()); i++) {
            instances.add(new PoolMembership.Instance("i" + i, "c-i" + i, "127.0.0.1", 8080,
                    PoolMembership.State.RUNNING, T0.minusSeconds(3600)));
        }
        for (int i = 0; i < serverQueues.size(); i++) {
            servers.add(new HaproxySnapshot.Server("p-i" + i, "i" + i, "UP", 1, serverQueues.get(i), 1, 5, "L7OK", 1));
        }
        PoolMembership membership = new PoolMembership("p", 1, instances.size(), instances, T0);
        HaproxySnapshot haproxy = new HaproxySnapshot("p", "p", T0, servers,
                new HaproxySnapshot.Totals(0, backendQueued, 0));

        Map<String, Double> averages = Observation.of(SPEC, membership, List.of(), haproxy, new PoolHistory(), T0,
                Duration.ofSeconds(10)).averages();

        assertEquals(perInstance, averages.get(Metrics.QUEUE));
    }

    /** Issue 13 h: a server row without a status once threw, and the pool's evaluation with it. */
    @Test
    void aServerWithoutStatusCountsAsReady() {
        PoolMembership membership = new PoolMembership("p", 1, 1, List.of(new PoolMembership.Instance("i0", "c-i0",
                "127.0.0.1", 8080, PoolMembership.State.RUNNING, T0.minusSeconds(3600))), T0);
        HaproxySnapshot haproxy = new HaproxySnapshot("p", "p", T0, List.of(
                new HaproxySnapshot.Server("p-i0", "i0", null, 1, 0, 1, 5, null, 1)), null);
        Observation seen = Observation.of(SPEC, membership, List.of(), haproxy, new PoolHistory(), T0,
                Duration.ofSeconds(10));
        assertEquals(true, seen.instances().get(0).ready());
    }

    static Stream<Arguments> readiness() {
        return Stream.of(
                // name, state, started (s before T0), HAProxy status, DOWN since (s before T0, -1 never) → readiness
                // defaults: warmupMs 10 s, healthCheck.graceMs 30 s
                Arguments.of("not running yet", "STARTING", 60, "UP", -1, "PENDING"),
                Arguments.of("within warmup", "RUNNING", 5, "UP", -1, "WARMING_UP"),
                Arguments.of("past warmup and UP", "RUNNING", 60, "UP", -1, "READY"),
                Arguments.of("not in HAProxy yet", "RUNNING", 60, null, -1, "READY"),
                Arguments.of("DOWN since its start-up allowance: never ready", "RUNNING", 60, "DOWN", 50, "NEVER_READY"),
                Arguments.of("DOWN after having been UP: not ready", "RUNNING", 600, "DOWN 1/2", 10, "NOT_READY"),
                Arguments.of("in maintenance: not ready", "RUNNING", 600, "MAINT", -1, "NOT_READY"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readiness")
    void readinessAsHpaJudgesAPod(String name, String state, long startedBefore, String status, long downBefore,
            String expected) {
        PoolMembership membership = new PoolMembership("p", 1, 1, List.of(new PoolMembership.Instance("i0", "c-i0",
                "127.0.0.1", 8080, PoolMembership.State.valueOf(state), T0.minusSeconds(startedBefore))), T0);
        HaproxySnapshot haproxy = status == null ? null : new HaproxySnapshot("p", "p", T0, List.of(
                new HaproxySnapshot.Server("p-i0", "i0", status, 0, 0, 0, 0, "L7OK", 1)), null);
        PoolHistory history = new PoolHistory();
        if (downBefore >= 0) {
            history.serverHealth("i0", true, T0.minusSeconds(downBefore));
        }

        Observation seen = Observation.of(SPEC, membership, List.of(), haproxy, history, T0, Duration.ofSeconds(10));

        assertEquals(InstanceView.Readiness.valueOf(expected), seen.instances().get(0).readiness(), name);
    }
}
