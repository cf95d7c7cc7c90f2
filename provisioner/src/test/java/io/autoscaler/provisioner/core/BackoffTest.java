package io.autoscaler.provisioner.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60));

    @ParameterizedTest(name = "after {0} failures wait {1} s")
    @CsvSource({ "0, 0", "1, 2", "2, 4", "3, 8", "5, 32", "6, 60", "40, 60", "-1, 0" })
    void doublesUpToTheCap(int failures, long seconds) {
        assertThat(backoff.after(failures), is(Duration.ofSeconds(seconds)));
    }
}
