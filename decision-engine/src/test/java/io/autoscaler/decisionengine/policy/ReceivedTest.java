package io.autoscaler.decisionengine.policy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;

/**
 * Issue 13 g: other services' clocks off by tens of seconds. A pool with a 10 s warmup and a 10 s
 * maximum snapshot age; the engine receives a membership and a CPU snapshot (2 instances at 90 %
 * against 50 %) at T0 on its own clock, both stamped by a clock {@code skew} seconds off.
 */
class ReceivedTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MAX_AGE = Duration.ofSeconds(10);
    private static final PoolSpec.Rules FREE = new PoolSpec.Rules(0L, 100, 1000, 0L);
    private static final PoolSpec SPEC = PoolSpec.of("p", "autoscaler/demo-app").withReplicas(1, 10)
            .withPolicy(new PoolSpec.Policy("target-tracking", List.of(new PoolSpec.MetricTarget("cpu", 50.0)), null,
                    0.1, FREE, FREE, 10_000L));

    static Stream<Arguments> clocks() {
        return Stream.of(
                // name, their clock − ours (s), instance age when published (s), evaluated after receipt (s), → ready, fresh
                Arguments.of("same clock", 0, 60, 0, true, true),
                Arguments.of("30 s behind", -30, 60, 0, true, true),
                Arguments.of("30 s ahead", 30, 60, 0, true, true),
                Arguments.of("30 s ahead, past warmup on their clock", 30, 15, 0, true, true),
                Arguments.of("30 s behind, still in warmup on their clock", -30, 5, 0, false, true),
                Arguments.of("30 s behind, warmup ends 5 s after receipt", -30, 5, 5, true, true),
                Arguments.of("an hour ahead, start after publication: started on receipt", 3600, -20, 9, false, true),
                Arguments.of("30 s ahead, snapshot received 11 s ago: stale", 30, 60, 11, true, false),
                Arguments.of("30 s behind, snapshot received 10 s ago: fresh", -30, 60, 10, true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clocks")
    void readinessAndFreshnessFollowTheEnginesClock(String name, long skew, long ageAtPublish, long evaluatedAfter,
            boolean ready, boolean fresh) {
        Instant theirNow = T0.plusSeconds(skew);
        PoolMembership membership = new PoolMembership("p", 1, 2, List.of(
                instance("i0", theirNow.minusSeconds(ageAtPublish)), instance("i1", theirNow.minusSeconds(ageAtPublish))),
                theirNow);
        CpuSnapshot cpu = new CpuSnapshot("p", theirNow, List.of(new CpuSnapshot.InstanceCpu("i0", "c-i0", 90, 0),
                new CpuSnapshot.InstanceCpu("i1", "c-i1", 90, 0)));

        Observation seen = Observation.of(SPEC, Received.membership(membership, T0), List.of(Received.cpu(cpu, T0)), null,
                new PoolHistory(), T0.plusSeconds(evaluatedAfter), MAX_AGE);

        assertThat(name + ": ready", seen.instances().stream().allMatch(InstanceView::ready), is(ready));
        assertThat(name + ": fresh", seen.instances().stream().allMatch(i -> i.metrics().containsKey("cpu")),
                is(fresh));
    }

    private static PoolMembership.Instance instance(String id, Instant startedAt) {
        return new PoolMembership.Instance(id, "c-" + id, "127.0.0.1", 8080, PoolMembership.State.RUNNING, startedAt);
    }
}
