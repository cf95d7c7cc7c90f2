package io.autoscaler.provisioner.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.PoolMembership.State;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.provisioner.core.PoolReconciler.Member;
import io.autoscaler.provisioner.core.PoolReconciler.Plan;

class PoolReconcilerTest {

    /**
     * Members are written {@code id:state:sessions:startedAtSecond}, e.g. {@code a:R:3:10}
     * (S = STARTING, R = RUNNING, D = DRAINING, X = STOPPING).
     */
    static Stream<Arguments> plans() {
        return Stream.of(
                // case, desired, replacing, members, held, expected launches, expected retirements
                row("empty pool scales to desired", 3, "", "", false, 3, ""),
                row("at desired: nothing", 2, "", "a:R:0:1 b:R:0:2", false, 0, ""),
                row("starting instances count toward desired", 2, "", "a:S:0:1 b:R:0:2", false, 0, ""),
                row("draining instances do not count", 2, "", "a:D:0:1 b:R:0:2", false, 1, ""),
                row("stopping instances do not count", 1, "", "a:X:0:1", false, 1, ""),
                row("held pool launches nothing", 3, "", "a:R:0:1", true, 0, ""),
                row("held pool still retires surplus", 0, "", "a:R:0:1", true, 0, "a"),
                row("not yet RUNNING is retired first", 1, "", "a:R:9:1 b:S:0:2", false, 0, "b"),
                row("then fewest sessions", 1, "", "a:R:5:1 b:R:2:2 c:R:7:3", false, 0, "b a"),
                row("then newest on equal sessions", 2, "", "a:R:1:1 b:R:1:3 c:R:1:2", false, 0, "b"),
                row("starting newest before starting older", 1, "", "a:S:0:1 b:S:0:2 c:R:0:3", false, 0, "b a"),
                row("scale to zero retires all active", 0, "", "a:R:0:1 b:S:0:2 c:D:0:0", false, 0, "b a"),
                row("replace: substitute launched first, bad one kept", 2, "a", "a:R:0:1 b:R:0:2", false, 1, ""),
                row("replace: substitute starting, bad one kept", 2, "a", "a:R:0:1 b:R:0:2 c:S:0:3", false, 0, ""),
                row("replace: substitute running, bad one retired", 2, "a", "a:R:0:1 b:R:0:2 c:R:0:3", false, 0, "a"),
                row("replace to zero retires at once", 0, "a", "a:R:0:1", false, 0, "a"),
                row("replace of an unknown instance is ignored", 1, "zz", "a:R:0:1", false, 0, ""),
                row("replace while scaling in", 1, "a", "a:R:0:1 b:R:0:2 c:R:3:3", false, 0, "b a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void plansLaunchesAndRetirements(String name, int desired, Set<String> replacing, List<Member> members,
            boolean held, int launches, List<String> retire) {
        Plan plan = PoolReconciler.plan(desired, replacing, members, held);
        assertThat(name + ": launches", plan.launches(), is(launches));
        assertThat(name + ": retire", plan.retire(), is(retire));
        assertThat(plan.desired(), is(desired));
        assertThat(name + ": nothing out of date, nothing rolled", plan.roll(), is(Optional.empty()));
    }

    /** Members marked {@code :old} were launched from an earlier template of the pool. */
    static Stream<Arguments> rolls() {
        return Stream.of(
                // case, desired, replacing, members, held, expected launches, retirements, rolled
                row("nothing out of date: nothing rolled", 2, "", "a:R:0:1 b:R:0:2", false, 0, "", ""),
                row("one out of date: its substitute is launched, it keeps serving", 2, "", "a:R:0:1:old b:R:0:2",
                        false, 1, "", "a"),
                row("several out of date: one at a time, fewest sessions first", 3, "",
                        "a:R:4:1:old b:R:1:2:old c:R:9:3:old", false, 1, "", "b"),
                row("while a substitute starts: no second roll", 2, "a", "a:R:0:1:old b:R:0:2:old c:S:0:3", false,
                        0, "", ""),
                row("substitute running: the rolled one is retired, no second roll in the same pass", 2, "a",
                        "a:R:0:1:old b:R:0:2:old c:R:0:3", false, 0, "a", ""),
                row("the next one rolls once the previous drains", 2, "", "a:D:0:1:old b:R:0:2:old c:R:0:3", false, 1,
                        "", "b"),
                row("no roll while launches back off", 2, "", "a:R:0:1:old b:R:0:2", true, 0, "", ""),
                row("no roll while scaling out", 3, "", "a:R:0:1:old b:R:0:2", false, 1, "", ""),
                row("no roll while scaling in", 1, "", "a:R:0:1:old b:R:5:2", false, 0, "a", ""),
                row("no roll of a pool scaled to zero", 0, "", "a:D:0:1:old", false, 0, "", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rolls")
    void rollsOutOfDateInstancesOneAtATimeSubstituteFirst(String name, int desired, Set<String> replacing,
            List<Member> members, boolean held, int launches, List<String> retire, List<String> rolled) {
        Plan plan = PoolReconciler.plan(desired, replacing, members, held);
        assertThat(name + ": launches", plan.launches(), is(launches));
        assertThat(name + ": retire", plan.retire(), is(retire));
        assertThat(name + ": rolled", plan.roll().stream().toList(), is(rolled));
    }

    static Stream<Arguments> desiredCounts() {
        PoolSpec spec = PoolSpec.of("p", "img").withReplicas(2, 5);
        return Stream.of(
                Arguments.of("deleted pool wants none", null, null, 3, 0),
                Arguments.of("no decision yet: the minimum", spec, null, null, 2),
                Arguments.of("decision within bounds", spec, decision(4), null, 4),
                Arguments.of("decision below min is clamped", spec, decision(0), null, 2),
                Arguments.of("decision above max is clamped", spec, decision(9), null, 5),
                Arguments.of("a decision wins over the count before a restart", spec, decision(3), 4, 3),
                Arguments.of("no real decision after a restart: the count before it", spec, null, 4, 4),
                Arguments.of("the count before a restart is clamped to a changed spec", spec, null, 7, 5),
                Arguments.of("an empty pool before a restart: the minimum", spec, null, 0, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("desiredCounts")
    void desiredIsTheLatestDecisionClampedToTheSpec(String name, PoolSpec spec, ScaleDecision latest, Integer restored,
            int expected) {
        assertThat(PoolReconciler.desiredReplicas(spec, latest, restored), is(expected));
    }

    @Test
    void anIdlePlanSaysSo() {
        assertThat(PoolReconciler.plan(1, Set.of(), members("a:R:0:1"), false).idle(), is(true));
        assertThat(Plan.nothing(3).idle(), is(true));
    }

    private static ScaleDecision decision(int desired) {
        return new ScaleDecision(UUID.randomUUID(), "p", ScaleDecision.Type.SCALE, 1, desired, null, "test",
                null, false, Instant.EPOCH);
    }

    private static Arguments row(String name, int desired, String replacing, String members, boolean held,
            int launches, String retire) {
        return Arguments.of(name, desired, Set.copyOf(words(replacing)), members(members), held, launches,
                words(retire));
    }

    private static Arguments row(String name, int desired, String replacing, String members, boolean held,
            int launches, String retire, String rolled) {
        return Arguments.of(name, desired, Set.copyOf(words(replacing)), members(members), held, launches,
                words(retire), words(rolled));
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    private static List<Member> members(String table) {
        return words(table).stream().map(cell -> {
            String[] f = cell.split(":");
            State state = switch (f[1]) {
                case "S" -> State.STARTING;
                case "R" -> State.RUNNING;
                case "D" -> State.DRAINING;
                default -> State.STOPPING;
            };
            return new Member(f[0], state, Instant.ofEpochSecond(Long.parseLong(f[3])), Integer.parseInt(f[2]),
                    f.length > 4 && f[4].equals("old"));
        }).toList();
    }
}
