package io.autoscaler.metricscollector.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.autoscaler.metricscollector.core.Outage.Change;

class OutageTest {

    /** Ticks as + (answered) and - (failed); an outage is reported at its start and at its end only. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            ++,        STILL_UP STILL_UP
            -,         WENT_DOWN
            ---,       WENT_DOWN STILL_DOWN STILL_DOWN
            --+,       WENT_DOWN STILL_DOWN CAME_BACK
            +-+-,      STILL_UP WENT_DOWN CAME_BACK WENT_DOWN
            -+++,      WENT_DOWN CAME_BACK STILL_UP STILL_UP
            """)
    void reportsEachOutageOnceAndItsEndOnce(String ticks, String expected) {
        Outage outage = new Outage();
        List<String> changes = new ArrayList<>();
        for (char tick : ticks.toCharArray()) {
            changes.add((tick == '+' ? outage.succeeded() : outage.failed()).name());
        }
        assertThat(String.join(" ", changes), equalTo(expected));
    }

    @org.junit.jupiter.api.Test
    void countsTheFailuresOfTheCurrentOutage() {
        Outage outage = new Outage();
        List<Integer> counts = new ArrayList<>();
        for (char tick : "--+---+".toCharArray()) {
            Change change = tick == '+' ? outage.succeeded() : outage.failed();
            if (change == Change.CAME_BACK) {
                counts.add(outage.failures());
            }
        }
        assertThat(counts, contains(2, 3));
    }
}
