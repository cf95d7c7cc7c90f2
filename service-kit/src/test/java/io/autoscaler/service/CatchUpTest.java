package io.autoscaler.service;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When a reader has caught up. Ends at start-up are written "0=3 1=0" (partition=end offset, "?" when not
 * read yet); handled records "0@2" (partition@offset, applied or dead-lettered alike), in the order handled.
 */
class CatchUpTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                // name, ends at start-up, records handled, caught up
                Arguments.of("an empty topic: caught up before any record", "0=0", "", true),
                Arguments.of("nothing handled yet", "0=3", "", false),
                Arguments.of("the last record at start-up handled", "0=3", "0@0 0@1 0@2", true),
                Arguments.of("one short of the end", "0=3", "0@0 0@1", false),
                Arguments.of("offsets compacted away: the last one counts", "0=10", "0@4 0@9", true),
                Arguments.of("records since start-up count too", "0=3", "0@5", true),
                Arguments.of("every partition must reach its end", "0=3 1=2", "0@2", false),
                Arguments.of("every partition reached", "0=3 1=2", "0@2 1@1", true),
                Arguments.of("an empty partition needs nothing", "0=3 1=0", "0@2", true),
                Arguments.of("a replay does not move back", "0=3", "0@2 0@0", true),
                Arguments.of("ends not read yet: not caught up", "?", "0@2", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void caughtUp(String name, String ends, String handled, boolean expected) {
        CatchUp catchUp = new CatchUp();
        for (String record : handled.split("\\s+")) {
            if (!record.isEmpty()) {
                String[] at = record.split("@");
                catchUp.handled(Integer.parseInt(at[0]), Long.parseLong(at[1]));
            }
        }
        if (!ends.equals("?")) {
            Map<Integer, Long> endAtStart = new HashMap<>();
            for (String end : ends.split("\\s+")) {
                String[] pe = end.split("=");
                endAtStart.put(Integer.parseInt(pe[0]), Long.parseLong(pe[1]));
            }
            catchUp.endAtStart(endAtStart);
        }
        assertThat(name, catchUp.caughtUp(), is(expected));
    }
}
