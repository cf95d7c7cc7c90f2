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


/** The pool's launch backoff. */
class FailuresTest {
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60));

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
