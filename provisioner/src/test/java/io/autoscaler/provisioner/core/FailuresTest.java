package io.autoscaler.provisioner.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.provisioner.core.Lifecycle.Fail;
import io.autoscaler.provisioner.core.Lifecycle.Instance;

/** The pool's launch backoff, fed by what {@link Lifecycle} says of its instances' failures. */
class FailuresTest {
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60));
    private static final Lifecycle.Timing TIMING = LifecycleTest.TIMING;

    /** Instances as in {@link LifecycleTest}; all of them die at second 5. */
    static Stream<Arguments> massFailures() {
        return Stream.of(
                // case, instances that die at once, launches held for (s)
                row("issue 13 c: every RUNNING instance dies at once: relaunched at once", "R R R R", 0),
                row("one RUNNING instance dies: relaunched at once", "R", 0),
                row("four STARTING die: a start that fails backs off, 2 s * 2^3", "S:13 S:13 S:13 S:13", 16),
                row("a mix: only the STARTING ones count", "R R S:13", 2),
                row("draining ones wait for their stop and count for nothing", "D:25 D:25", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("massFailures")
    void onlyFailuresToLaunchOrGetReadyBackOff(String name, String instances, long heldSeconds) {
        Instant now = Instant.ofEpochSecond(5);
        Failures failures = Failures.NONE;
        for (String cell : instances.split(" ")) {
            Instance instance = LifecycleTest.instance(cell);
            for (Lifecycle.Effect e : Lifecycle.on(instance, new Lifecycle.Died("container vanished"), now, TIMING)
                    .effects()) {
                if (e instanceof Fail f && f.backoff()) {
                    failures = failures.failed(now);
                }
            }
        }
        long held = failures.hold(now, BACKOFF) ? Duration.between(now, failures.heldUntil(BACKOFF)).toSeconds() : 0;
        assertThat(name, held, is(heldSeconds));
    }

    static Stream<Arguments> quietSpells() {
        return Stream.of(
                // case, failures, last failure (s), now (s), held, count after the quiet check
                row("no failures: never held", 0, 0, 0, false, 0),
                row("one failure holds 2 s", 1, 10, 11, true, 1),
                row("and releases after them", 1, 10, 12, false, 1),
                row("three hold 8 s", 3, 10, 17, true, 3),
                row("kept through a spell shorter than the longest backoff", 3, 10, 70, false, 3),
                row("forgotten after a quiet spell of the longest backoff", 3, 10, 71, false, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quietSpells")
    void failuresHoldLaunchesAndAreForgottenAfterAQuietSpell(String name, int count, long last, long now,
            boolean held, int countAfter) {
        Failures failures = new Failures(count, count == 0 ? Instant.MIN : Instant.ofEpochSecond(last));
        Instant at = Instant.ofEpochSecond(now);
        assertThat(name + ": held", failures.hold(at, BACKOFF), is(held));
        assertThat(name + ": count", failures.forgetIfQuiet(at, BACKOFF).count(), is(countAfter));
    }

    private static Arguments row(Object... cells) {
        return Arguments.of(Arrays.copyOf(cells, cells.length));
    }
}
