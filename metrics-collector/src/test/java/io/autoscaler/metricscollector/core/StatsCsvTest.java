package io.autoscaler.metricscollector.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatsCsvTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("a,b,c,", List.of("a", "b", "c")),
                Arguments.of("a,,c", List.of("a", "", "c")),
                Arguments.of("\"x, y\",z,", List.of("x, y", "z")),
                Arguments.of("\"say \"\"hi\"\"\",2,", List.of("say \"hi\"", "2")),
                Arguments.of(",,", List.of("", "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void splitsFieldsTheWayHaproxyQuotesThem(String line, List<String> expected) {
        assertThat(StatsCsv.split(line), equalTo(expected));
    }

    @Test
    void findsColumnsByHeaderNameWhateverTheirPosition() {
        List<StatsCsv.Row> rows = StatsCsv.parse("""
                # svname,pxname,status,scur,
                s1,be,UP,4,
                BACKEND,be,UP,4,
                """);
        assertThat(rows, hasSize(2));
        assertThat(rows.get(0).proxy(), equalTo("be"));
        assertThat(rows.get(0).service(), equalTo("s1"));
        assertThat(rows.get(0).number("scur"), equalTo(4L));
        assertThat(rows.get(1).isBackendTotal(), equalTo(true));
    }

    @Test
    void readsCrLfAndBlankLinesAndMissingTrailingFields() {
        List<StatsCsv.Row> rows = StatsCsv.parse("# pxname,svname,qcur,scur,\r\nbe,s1,,3\r\n\r\nbe,s2\r\n");
        assertThat(rows.stream().map(StatsCsv.Row::service).toList(), contains("s1", "s2"));
        assertThat(rows.get(0).number("qcur"), equalTo(0L));
        assertThat(rows.get(0).number("scur"), equalTo(3L));
        assertThat(rows.get(1).number("scur"), equalTo(0L));
        assertThat(rows.get(1).number("no-such-column"), equalTo(0L));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "<html>503 Service Unavailable</html>", "# qcur,scur,\n1,2,",
            "# pxname,svname,\n\"be,s1\n" })
    void refusesWhatIsNotHaproxyCsv(String text) {
        assertThrows(MalformedStatsException.class, () -> StatsCsv.parse(text));
    }

    @Test
    void aNonNumericCounterIsAnErrorNamingTheRowAndColumn() {
        StatsCsv.Row row = StatsCsv.parse("# pxname,svname,scur,\nbe,s1,many,\n").get(0);
        var error = assertThrows(MalformedStatsException.class, () -> row.number("scur"));
        assertThat(error.getMessage(), containsString("scur of be/s1"));
    }
}
