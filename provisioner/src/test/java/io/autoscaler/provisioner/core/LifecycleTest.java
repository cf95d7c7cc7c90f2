package io.autoscaler.provisioner.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.provisioner.core.Lifecycle.Announce;
import io.autoscaler.provisioner.core.Lifecycle.Effect;
import io.autoscaler.provisioner.core.Lifecycle.Event;
import io.autoscaler.provisioner.core.Lifecycle.Fail;
import io.autoscaler.provisioner.core.Lifecycle.Instance;
import io.autoscaler.provisioner.core.Lifecycle.Phase;
import io.autoscaler.provisioner.core.Lifecycle.Probe;
import io.autoscaler.provisioner.core.Lifecycle.Step;
import io.autoscaler.provisioner.core.Lifecycle.Stop;

class LifecycleTest {
    /** Grace 10 s, drain (timeout + margin) 20 s, probe every 1 s; times are seconds since the epoch. */
    static final Lifecycle.Timing TIMING = new Lifecycle.Timing(Duration.ofSeconds(10), Duration.ofSeconds(20),
            Duration.ofSeconds(1));

    /**
     * Instances are written {@code phase[:deadline][:c]} (C, S, R, D, X for CREATING ... STOPPING; c = cancelled),
     * {@code -} once forgotten. Effects: an instance event's state, {@code probe@s}, {@code stop@s},
     * {@code fail} or {@code fail+backoff}, {@code forget}.
     */
    static Stream<Arguments> steps() {
        return Stream.of(
                // case, instance, event, now, expected instance, expected effects
                row("container started: LAUNCHED, probed at once", "C", "launched", 3, "S:13", "LAUNCHED probe@0"),
                row("retired while creating: stopped once it exists", "C:c", "launched", 3, "X:c", "stop@0"),
                row("launch failed: FAILED, backs off", "C", "launchFailed", 3, "-", "fail+backoff"),
                row("issue 13 c: launch failed, the engine not answering: FAILED, no backoff", "C", "engineGone", 3,
                        "-", "fail"),
                row("a probe that answers: RUNNING", "S:13", "ready", 5, "R", "RUNNING"),
                row("not ready yet: probed again", "S:13", "notReady", 5, "S:13", "probe@1"),
                row("not ready past the grace: FAILED, backs off", "S:13", "notReady", 14, "-", "fail+backoff"),
                row("issue 13 b: a probe error is a failed probe", "S:13", "probeError", 5, "S:13", "probe@1"),
                row("issue 13 b: probe errors past the grace: FAILED", "S:13", "probeError", 14, "-", "fail+backoff"),
                row("a late probe answer for a RUNNING one changes nothing", "R", "ready", 5, "R", ""),
                row("issue 13 c: a RUNNING instance died: FAILED, no backoff", "R", "died", 5, "-", "fail"),
                row("a STARTING instance died: FAILED, backs off", "S:13", "died", 5, "-", "fail+backoff"),
                row("a draining instance's death waits for its stop", "D:25", "died", 5, "D:25", ""),
                row("retired while creating: cancelled", "C", "retire", 5, "C:c", ""),
                row("retired while starting: stopped at once, it had no traffic", "S:13", "retire", 5, "X", "stop@0"),
                row("retired while running: drains first, no deadline until Kafka has it", "R", "retire", 5, "D",
                        "DRAINING"),
                row("its DRAINING reached Kafka: the drain deadline runs", "D", "drainPublished", 5, "D:25", ""),
                row("published again: the deadline stays", "D:25", "drainPublished", 9, "D:25", ""),
                row("issue 13 f: DRAINING never reached Kafka: never stopped by a deadline", "D", "tick", 999, "D",
                        ""),
                row("DRAINED before the deadline ran: stopped", "D", "drained", 6, "X", "stop@0"),
                row("retired twice: drains once", "D:25", "retire", 6, "D:25", ""),
                row("DRAINED: stopped", "D:25", "drained", 6, "X", "stop@0"),
                row("DRAINED for a RUNNING one changes nothing", "R", "drained", 6, "R", ""),
                row("drain deadline not yet reached", "D:25", "tick", 25, "D:25", ""),
                row("issue 13 f: no DRAINED by the deadline: stopped, said in TERMINATED", "D:25", "tick", 26, "X",
                        "stop@0"),
                row("stop failed: tried again later", "X", "stopFailed", 6, "X", "stop@5"),
                row("stopped: TERMINATED and forgotten", "X", "stopped", 6, "-", "forget TERMINATED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void stepsThroughTheLifecycle(String name, Instance instance, Event event, Instant now, String next,
            String effects) {
        Step step = Lifecycle.on(instance, event, now, TIMING);
        assertThat(name + ": instance", write(step.next()), is(next));
        assertThat(name + ": effects", write(step.effects()), is(effects));
    }

    /** After a restart: the state the last membership gave the container ({@code -}: not in it). */
    static Stream<Arguments> adoptions() {
        return Stream.of(
                row("was RUNNING: RUNNING, not probed again", "RUNNING", "R", ""),
                row("was DRAINING: DRAINING with a fresh deadline", "DRAINING", "D:25", ""),
                row("was STOPPING: drains again", "STOPPING", "D:25", ""),
                row("was STARTING: probed with a fresh grace", "STARTING", "S:15", "probe@0"),
                row("not in the membership: probed", "-", "S:15", "probe@0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adoptions")
    void adoptsWhatTheLastMembershipSaid(String name, String was, String next, String effects) {
        Step step = Lifecycle.adopted(was.equals("-") ? null : PoolMembership.State.valueOf(was),
                Instant.ofEpochSecond(5), TIMING);
        assertThat(name + ": instance", write(step.next()), is(next));
        assertThat(name + ": effects", write(step.effects()), is(effects));
    }

    @Test
    void aFailedProbeSaysWhyInTheFailure() {
        Step step = Lifecycle.on(instance("S:13"), event("probeError"), Instant.ofEpochSecond(14), TIMING);
        assertThat(((Fail) step.effects().get(0)).reason(),
                is("not ready within 10000 ms (last probe: cannot probe /health check: Illegal character)"));
    }

    @Test
    void aStopAtTheDrainDeadlineSaysHaproxyMayStillListIt() {
        Step step = Lifecycle.on(instance("D:25"), event("tick"), Instant.ofEpochSecond(26), TIMING);
        assertThat(((Stop) step.effects().get(0)).why(), containsString("within 20000 ms of publishing DRAINING"));
    }

    static Instance instance(String cell) {
        if (cell.equals("-")) {
            return null;
        }
        String[] f = cell.split(":");
        Phase phase = Stream.of(Phase.values()).filter(p -> letter(p).equals(f[0])).findFirst().orElseThrow();
        Instant deadline = f.length > 1 && !f[1].equals("c") ? Instant.ofEpochSecond(Long.parseLong(f[1])) : null;
        return new Instance(phase, deadline, cell.endsWith(":c"));
    }

    static Event event(String word) {
        return switch (word) {
            case "launched" -> new Lifecycle.Launched();
            case "launchFailed" -> new Lifecycle.LaunchFailed("No such image", false);
            case "engineGone" -> new Lifecycle.LaunchFailed("Docker did not answer", true);
            case "ready" -> Lifecycle.Probed.answered();
            case "notReady" -> Lifecycle.Probed.failed("status 503");
            case "probeError" -> Lifecycle.Probed.failed("cannot probe /health check: Illegal character");
            case "died" -> new Lifecycle.Died("container vanished");
            case "retire" -> new Lifecycle.Retire("scale in to 1");
            case "drained" -> new Lifecycle.Drained();
            case "tick" -> new Lifecycle.Tick();
            case "drainPublished" -> new Lifecycle.DrainPublished();
            case "stopFailed" -> new Lifecycle.StopFailed("drained by the load balancer", "Docker did not answer");
            case "stopped" -> new Lifecycle.Stopped("drained by the load balancer");
            default -> throw new IllegalArgumentException(word);
        };
    }

    private static String write(Instance i) {
        if (i == null) {
            return "-";
        }
        return letter(i.phase()) + (i.deadline() == null ? "" : ":" + i.deadline().getEpochSecond())
                + (i.cancelled() ? ":c" : "");
    }

    private static String write(List<Effect> effects) {
        return effects.stream().map(e -> {
            if (e instanceof Announce a) {
                return a.state().name();
            } else if (e instanceof Probe p) {
                return "probe@" + p.delay().toSeconds();
            } else if (e instanceof Stop s) {
                return "stop@" + s.delay().toSeconds();
            } else if (e instanceof Fail f) {
                return f.backoff() ? "fail+backoff" : "fail";
            }
            return "forget";
        }).collect(Collectors.joining(" "));
    }

    private static String letter(Phase phase) {
        return phase == Phase.STOPPING ? "X" : phase.name().substring(0, 1);
    }

    private static Arguments row(String name, String instance, String event, long now, String next, String effects) {
        return Arguments.of(name, instance(instance), event(event), Instant.ofEpochSecond(now), next, effects);
    }

    private static Arguments row(String name, String was, String next, String effects) {
        return Arguments.of(name, was, next, effects);
    }
}
