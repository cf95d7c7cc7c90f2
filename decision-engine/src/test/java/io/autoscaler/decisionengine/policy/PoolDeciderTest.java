package io.autoscaler.decisionengine.policy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.PoolSpec.MetricTarget;
import io.autoscaler.events.PoolSpec.Rules;
import io.autoscaler.events.ScaleDecision;

/**
 * The bounds between recommendation and decision, as scenarios: a pool starts at {@code desired}
 * instances and sees, second after second, its instances' CPU (and sessions); after each step either no
 * decision or one with the expected desired count and a reason naming what shaped it.
 */
class PoolDeciderTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Rules FREE_UP = new Rules(0L, 100, 1000, 0L);
    private static final Rules FREE_DOWN = new Rules(0L, 100, 100, 0L);

    /** At second {@code at}, {@code instances} ready instances report {@code cpu} (and {@code sessions}). */
    record Step(long at, int instances, double cpu, Double sessions, Integer expected, String reason) {
        @Override
        public String toString() {
            return "t" + at + " " + instances + "×" + cpu + "% → " + (expected == null ? "none" : expected);
        }
    }

    static Step step(long at, int instances, double cpu, Integer expected, String reason) {
        return new Step(at, instances, cpu, null, expected, reason);
    }

    static PoolSpec.Policy cpu50(Rules up, Rules down) {
        return new PoolSpec.Policy("target-tracking", List.of(new MetricTarget("cpu", 50.0)), null, 0.1, up, down, 0L);
    }

    static Stream<Arguments> scenarios() {
        PoolSpec.Policy free = cpu50(FREE_UP, FREE_DOWN);
        return Stream.of(
                Arguments.of("target tracking scales up by the ratio", spec(1, 10, free), 2,
                        List.of(step(0, 2, 100, 4, "cpu 100.0% vs target 50% → 4"))),
                Arguments.of("within the tolerance nothing is decided", spec(1, 10, free), 3,
                        List.of(step(0, 3, 54, null, null))),
                Arguments.of("scale up limited by maxStepInstances", spec(1, 10, cpu50(new Rules(0L, 1, 10, 0L), FREE_DOWN)),
                        2, List.of(step(0, 2, 100, 3, "cpu 100.0% vs target 50% → 4; limited by scaleUp.policies[0] (Pods 1 per 1 ms from 2"))),
                Arguments.of("scale up limited by maxStepPercent", spec(1, 20, cpu50(new Rules(0L, 1, 100, 0L), FREE_DOWN)),
                        4, List.of(step(0, 4, 150, 8, "→ 12; limited by scaleUp.policies[1] (Percent 100 per 1 ms from 4"))),
                Arguments.of("scale down limited by maxStepInstances", spec(1, 10, cpu50(FREE_UP, new Rules(0L, 2, 10, 0L))),
                        6, List.of(step(0, 6, 5, 4, "limited by scaleDown.policies[0] (Pods 2 per 1 ms from 6"))),
                Arguments.of("scale down limited by maxStepPercent", spec(1, 10, cpu50(FREE_UP, new Rules(0L, 1, 50, 0L))),
                        8, List.of(step(0, 8, 5, 4, "limited by scaleDown.policies[1] (Percent 50 per 1 ms from 8"))),
                Arguments.of("clamped to maxReplicas", spec(1, 4, free), 3,
                        List.of(step(0, 3, 100, 4, "→ 6; clamped to maxReplicas 4"))),
                Arguments.of("clamped to minReplicas", spec(2, 10, free), 3,
                        List.of(step(0, 3, 10, 2, "→ 1; clamped to minReplicas 2"))),
                Arguments.of("at minReplicas a low load decides nothing", spec(2, 10, free), 2,
                        List.of(step(0, 2, 5, null, null))),
                Arguments.of("scale-down stabilization keeps the highest recent recommendation",
                        spec(1, 10, cpu50(FREE_UP, new Rules(10_000L, 100, 100, 0L))), 4,
                        List.of(step(0, 4, 50, null, null), step(1, 4, 10, null, null), step(9, 4, 10, null, null),
                                step(10, 4, 10, 1, "cpu 10.0% vs target 50% → 1"))),
                Arguments.of("scale-down stabilization can let part of a drop through",
                        spec(1, 10, cpu50(FREE_UP, new Rules(10_000L, 100, 100, 0L))), 4,
                        List.of(step(0, 4, 50, null, null), step(5, 4, 35, null, null),
                                step(12, 4, 10, 3, "cpu 10.0% vs target 50% → 1; "
                                        + "stabilized by scaleDown.stabilizationMs 10000 (highest recent recommendation 3)"))),
                Arguments.of("scale-up stabilization keeps the lowest recent recommendation",
                        spec(1, 10, cpu50(new Rules(5_000L, 100, 1000, 0L), FREE_DOWN)), 2,
                        List.of(step(0, 2, 50, null, null), step(1, 2, 100, null, null), step(4, 2, 100, null, null),
                                step(5, 2, 100, 4, "cpu 100.0% vs target 50% → 4"))),
                Arguments.of("scale-up cooldown", spec(1, 10, cpu50(new Rules(0L, 100, 1000, 10_000L), FREE_DOWN)), 2,
                        List.of(step(0, 2, 100, 4, "→ 4"), step(1, 4, 100, null, null), step(9, 4, 100, null, null),
                                step(10, 4, 100, 8, "→ 8"))),
                Arguments.of("scale-down cooldown counts from the last scale-up too",
                        spec(1, 10, cpu50(FREE_UP, new Rules(0L, 100, 100, 10_000L))), 2,
                        List.of(step(0, 2, 100, 4, "→ 4"), step(2, 4, 10, null, null), step(10, 4, 10, 1, "→ 1"))),
                Arguments.of("step policy adds, holds and removes",
                        spec(1, 10, new PoolSpec.Policy("step", null, List.of(
                                new PoolSpec.Step("cpu", 80.0, null, 2), new PoolSpec.Step("cpu", null, 20.0, -1)),
                                null, FREE_UP, FREE_DOWN, 0L, null, null, true)), 3,
                        List.of(step(0, 3, 90, 5, "cpu 90.0% in step [80%, ∞) → +2 → 5"),
                                step(1, 5, 50, null, null),
                                step(2, 5, 10, 4, "cpu 10.0% in step [-∞, 20%) → -1 → 4"))),
                Arguments.of("step policy keeps the bounds", spec(1, 4, new PoolSpec.Policy("step", null, List.of(
                        new PoolSpec.Step("cpu", 80.0, null, 3)), null, FREE_UP, FREE_DOWN, 0L)), 3,
                        List.of(step(0, 3, 90, 4, "→ +3 → 6; clamped to maxReplicas 4"))),
                Arguments.of("several metrics: the largest proposal wins", spec(1, 10, twoMetrics()), 2,
                        List.of(new Step(0, 2, 60, 30.0, 6, "sessions 30.0 vs target 10 → 6"))),
                Arguments.of("several metrics: an unreadable one holds scale-in", spec(1, 10, twoMetrics()), 4,
                        List.of(new Step(0, 4, 10, null, null, null))),
                Arguments.of("several metrics: an unreadable one does not stop scale-up", spec(1, 10, twoMetrics()), 2,
                        List.of(new Step(0, 2, 100, null, 4, "cpu 100.0% vs target 50% → 4"))));
    }

    static PoolSpec.Policy twoMetrics() {
        return new PoolSpec.Policy("target-tracking", List.of(new MetricTarget("cpu", 50.0),
                new MetricTarget("sessions", 10.0)), null, 0.1, FREE_UP, FREE_DOWN, 0L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(String name, PoolSpec spec, int desired, List<Step> steps) {
        PoolHistory history = historyAt(spec, desired);
        for (Step step : steps) {
            Instant at = T0.plusSeconds(step.at());
            List<ScaleDecision> decisions = PoolDecider.decide(spec, history, observation(spec, step, at));
            if (step.expected() == null) {
                assertThat(name + " " + step + ": " + decisions, decisions, empty());
            } else {
                assertThat(name + " " + step, decisions, hasSize(1));
                ScaleDecision d = decisions.get(0);
                assertThat(name + " " + step, d.desiredReplicas(), is(step.expected()));
                assertThat(name + " " + step, d.reason(), containsString(step.reason()));
                assertThat(d.currentReplicas(), is(step.instances()));
                assertThat(d.type(), is(ScaleDecision.Type.SCALE));
                assertThat(history.desired().orElseThrow(), is(step.expected()));
            }
        }
    }

    @Test
    void aPoolWithoutDecisionGetsMinReplicas() {
        PoolSpec spec = spec(2, 5, cpu50(FREE_UP, FREE_DOWN));
        List<ScaleDecision> decisions = PoolDecider.decide(spec, new PoolHistory(),
                Observation.of(spec, null, List.of(), null, new PoolHistory(), T0, Duration.ofSeconds(10)));
        assertThat(decisions, hasSize(1));
        assertThat(decisions.get(0).desiredReplicas(), is(2));
        assertThat(decisions.get(0).currentReplicas(), is(0));
        assertThat(decisions.get(0).reason(), containsString("pool created"));
    }

    @Test
    void newBoundsClampTheDesiredCount() {
        PoolSpec spec = spec(1, 4, cpu50(FREE_UP, FREE_DOWN));
        PoolHistory history = historyAt(spec, 6);
        List<ScaleDecision> decisions = PoolDecider.decide(spec, history,
                Observation.of(spec, null, List.of(), null, new PoolHistory(), T0, Duration.ofSeconds(10)));
        assertThat(decisions.get(0).desiredReplicas(), is(4));
        assertThat(decisions.get(0).reason(), containsString("clamped to maxReplicas 4"));
    }

    @Test
    void noScaleInDuringTheFirstWindowAfterARestart() {
        PoolSpec spec = spec(1, 10, cpu50(FREE_UP, new Rules(30_000L, 100, 100, 0L)));
        PoolHistory history = historyAt(spec, 4);
        history.holdScaleInUntil(T0.plusSeconds(30));
        assertThat(PoolDecider.decide(spec, history, observation(spec, step(0, 4, 5, null, null), T0)), empty());
        assertThat(PoolDecider.decide(spec, history, observation(spec, step(29, 4, 5, null, null), T0.plusSeconds(29))),
                empty());
        List<ScaleDecision> after = PoolDecider.decide(spec, history,
                observation(spec, step(31, 4, 5, null, null), T0.plusSeconds(31)));
        assertThat(after.get(0).desiredReplicas(), is(1));
        // scale-up is never held
        PoolHistory restarted = historyAt(spec, 2);
        restarted.holdScaleInUntil(T0.plusSeconds(30));
        assertThat(PoolDecider.decide(spec, restarted, observation(spec, step(0, 2, 100, null, null), T0)).get(0)
                .desiredReplicas(), is(4));
    }

    @Test
    void dryRunPoolsGetDecisionsMarkedDryRun() {
        PoolSpec base = spec(1, 10, cpu50(FREE_UP, FREE_DOWN));
        PoolSpec spec = new PoolSpec(base.name(), base.image(), null, null, null, null, 1, 10, null, base.policy(),
                null, null, true, null);
        List<ScaleDecision> decisions = PoolDecider.decide(spec, historyAt(spec, 2),
                observation(spec, step(0, 2, 100, null, null), T0));
        assertThat(decisions.get(0).dryRun(), is(true));
    }

    static Stream<Arguments> dryRuns() {
        // name, last decision in dry run, pool in dry run now, → a decision (its desired count, for real)
        return Stream.of(
                Arguments.of("dry run ended: the desired count again, for real", true, false, 4),
                Arguments.of("still in dry run: nothing new", true, true, null),
                Arguments.of("dry run started: nothing until the load asks", false, true, null),
                Arguments.of("never in dry run: nothing new", false, false, null));
    }

    /** Issue 13 d: dry-run decisions never reach what runs, so ending dry run sends the desired count for real. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dryRuns")
    void endingDryRunSendsTheDesiredCountForReal(String name, boolean lastDry, boolean dryNow, Integer expected) {
        PoolSpec base = spec(1, 10, cpu50(FREE_UP, FREE_DOWN));
        PoolSpec spec = new PoolSpec(base.name(), base.image(), null, null, null, null, 1, 10, null, base.policy(),
                null, null, dryNow, null);
        PoolHistory history = new PoolHistory();
        history.decided(new ScaleDecision(UUID.randomUUID(), spec.name(), ScaleDecision.Type.SCALE, 2, 4, null,
                "earlier", Map.of(), lastDry, T0.minusSeconds(60)));
        // 2 instances on target: the policy itself asks for no change
        List<ScaleDecision> decisions = PoolDecider.decide(spec, history, observation(spec, step(0, 2, 50, null, null), T0));
        if (expected == null) {
            assertThat(name, decisions, empty());
            return;
        }
        assertThat(name, decisions, hasSize(1));
        assertThat(name, decisions.get(0).desiredReplicas(), is(expected));
        assertThat(name, decisions.get(0).dryRun(), is(false));
        assertThat(name, decisions.get(0).reason(), containsString("dry run ended"));
        assertThat("once", PoolDecider.decide(spec, history, observation(spec, step(1, 2, 50, null, null),
                T0.plusSeconds(1))), empty());
    }

    @Test
    void instancesInWarmupOrStartingAreUnready() {
        PoolSpec spec = new PoolSpec("p", "autoscaler/demo-app", null, null, null, null, 1, 10, null,
                new PoolSpec.Policy("target-tracking", List.of(new MetricTarget("cpu", 50.0)), null, 0.1, FREE_UP,
                        FREE_DOWN, 10_000L), null, null, null, null);
        PoolMembership membership = new PoolMembership("p", 1, 3, List.of(
                instance("a", PoolMembership.State.RUNNING, T0.minusSeconds(60)),
                instance("b", PoolMembership.State.RUNNING, T0.minusSeconds(5)),
                instance("c", PoolMembership.State.STARTING, T0.minusSeconds(60)),
                instance("d", PoolMembership.State.DRAINING, T0.minusSeconds(60))), T0);
        CpuSnapshot cpu = new CpuSnapshot("p", T0, List.of(cpu("a", 100), cpu("b", 100), cpu("c", 100), cpu("d", 100)));
        Observation seen = Observation.of(spec, membership, List.of(cpu), null, new PoolHistory(), T0,
                Duration.ofSeconds(10));
        assertThat(seen.currentReplicas(), is(3));
        assertThat(seen.instances().stream().filter(InstanceView::ready).map(InstanceView::instanceId).toList(),
                is(List.of("a")));
        // ready a at 100 % asks for ×2; the unready b and c count as idle: (100+0+0)/3 → ratio 0.67, no scale-up
        assertThat(PoolDecider.decide(spec, historyAt(spec, 3), seen), empty());
    }

    @Test
    void staleSnapshotsCountAsMissing() {
        PoolSpec spec = spec(1, 10, cpu50(FREE_UP, FREE_DOWN));
        Step step = step(0, 2, 100, null, null);
        Observation seen = Observation.of(spec, membership(spec, step, T0), List.of(cpuSnapshot(spec, step, T0)), null,
                new PoolHistory(), T0.plusSeconds(11), Duration.ofSeconds(10));
        assertThat(PoolDecider.decide(spec, historyAt(spec, 2), seen), empty());
    }

    static Stream<Arguments> replacements() {
        // name, started (s before T0), DOWN since (s after T0), evaluated at (s after T0), replaced?
        return Stream.of(
                Arguments.of("DOWN long enough after grace", 600, 0, 5, true),
                Arguments.of("DOWN not long enough", 600, 0, 4, false),
                Arguments.of("DOWN during grace counts from the end of grace", 15, 0, 9, false),
                Arguments.of("DOWN during grace, replaced once grace + replaceAfter passed", 15, 0, 10, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replacements")
    void aServerDownTooLongIsReplacedOnce(String name, long startedBefore, long downAt, long evaluatedAt,
            boolean replaced) {
        // graceMs 20 s, replaceAfterMs 5 s
        PoolSpec spec = new PoolSpec("p", "autoscaler/demo-app", null, null, null, null, 1, 10,
                new PoolSpec.HealthCheck(null, null, null, null, 20_000L, 5_000L), cpu50(FREE_UP, FREE_DOWN), null,
                null, null, null);
        PoolHistory history = historyAt(spec, 2);
        PoolMembership membership = new PoolMembership("p", 1, 2, List.of(
                instance("aaaa0001", PoolMembership.State.RUNNING, T0.minusSeconds(startedBefore)),
                instance("aaaa0002", PoolMembership.State.RUNNING, T0.minusSeconds(600))), T0);
        history.serverHealth("aaaa0001", true, T0.plusSeconds(downAt));
        history.serverHealth("aaaa0002", false, T0.plusSeconds(downAt));
        Instant at = T0.plusSeconds(evaluatedAt);
        List<ScaleDecision> decisions = PoolDecider.decide(spec, history,
                Observation.of(spec, membership, List.of(), null, history, at, Duration.ofSeconds(10)));
        if (!replaced) {
            assertThat(decisions, empty());
            return;
        }
        assertThat(decisions, hasSize(1));
        ScaleDecision d = decisions.get(0);
        assertThat(d.type(), is(ScaleDecision.Type.REPLACE));
        assertThat(d.instanceId(), is("aaaa0001"));
        assertThat(d.desiredReplicas(), is(2));
        assertThat(d.reason(), containsString("p-aaaa0001 DOWN"));
        assertThat("one per instance", PoolDecider.decide(spec, history,
                Observation.of(spec, membership, List.of(), null, history, at.plusSeconds(1), Duration.ofSeconds(10))),
                empty());
    }

    @Test
    void haproxyDownServersAreUnready() {
        PoolSpec spec = spec(1, 10, cpu50(FREE_UP, FREE_DOWN));
        Step step = step(0, 2, 100, null, null);
        HaproxySnapshot haproxy = new HaproxySnapshot("p", "p", T0, List.of(
                new HaproxySnapshot.Server("p-i0", "i0", "UP", 3, 0, 1, 10, "L7OK", 1),
                new HaproxySnapshot.Server("p-i1", "i1", "DOWN", 0, 0, 0, 0, "L4CON", 1)), null);
        Observation seen = Observation.of(spec, membership(spec, step, T0), List.of(cpuSnapshot(spec, step, T0)), haproxy,
                new PoolHistory(), T0, Duration.ofSeconds(10));
        assertThat(seen.instances().stream().filter(InstanceView::ready).count(), is(1L));
        assertThat(seen.averages().get("sessions"), is(3.0));
    }

    // --- fixtures --------------------------------------------------------------------------------

    static PoolSpec spec(int min, int max, PoolSpec.Policy policy) {
        return new PoolSpec("p", "autoscaler/demo-app", null, null, null, null, min, max, null, policy, null, null,
                null, null);
    }

    static PoolHistory historyAt(PoolSpec spec, int desired) {
        PoolHistory history = new PoolHistory();
        history.decided(new ScaleDecision(UUID.randomUUID(), spec.name(), ScaleDecision.Type.SCALE, desired, desired,
                null, "earlier", Map.of(), false, T0.minus(Duration.ofHours(1))));
        return history;
    }

    static Observation observation(PoolSpec spec, Step step, Instant at) {
        HaproxySnapshot haproxy = null;
        if (step.sessions() != null) {
            List<HaproxySnapshot.Server> servers = new ArrayList<>();
            for (int i = 0; i < step.instances(); i++) {
                servers.add(new HaproxySnapshot.Server("p-i" + i, "i" + i, "UP", step.sessions().intValue(), 0, 0, 0,
                        "L7OK", 1));
            }
            haproxy = new HaproxySnapshot(spec.name(), spec.name(), at, servers, null);
        }
        return Observation.of(spec, membership(spec, step, at), List.of(cpuSnapshot(spec, step, at)), haproxy,
                new PoolHistory(), at, Duration.ofSeconds(10));
    }

    static PoolMembership membership(PoolSpec spec, Step step, Instant at) {
        List<PoolMembership.Instance> instances = new ArrayList<>();
        for (int i = 0; i < step.instances(); i++) {
            instances.add(instance("i" + i, PoolMembership.State.RUNNING, T0.minus(Duration.ofHours(1))));
        }
        return new PoolMembership(spec.name(), 1, step.instances(), instances, at);
    }

    static CpuSnapshot cpuSnapshot(PoolSpec spec, Step step, Instant at) {
        List<CpuSnapshot.InstanceCpu> values = new ArrayList<>();
        for (int i = 0; i < step.instances(); i++) {
            values.add(cpu("i" + i, step.cpu()));
        }
        return new CpuSnapshot(spec.name(), at, values);
    }

    static PoolMembership.Instance instance(String id, PoolMembership.State state, Instant startedAt) {
        return new PoolMembership.Instance(id, "c-" + id, "10.0.0.1", 8080, state, startedAt);
    }

    static CpuSnapshot.InstanceCpu cpu(String id, double percent) {
        return new CpuSnapshot.InstanceCpu(id, "c-" + id, percent, 0);
    }
}
