package io.autoscaler.decisionengine.policy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricTextTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "cpu,           92,       92.0%",
            "cpu,           12.34,    12.3%",
            "cpu,           12.36,    12.4%",
            "cpu,           0.25,     0.3%",
            "cpu,           0.04,     0.0%",
            "cpu,           -1.26,    -1.3%",
            "response-time, 120,      120.0 ms",
            "request-rate,  7.5,      7.5/s",
            "sessions,      3,        3.0",
            "sessions,      1e13,     10000000000000.0",
            "cpu,           NaN,      NaN%"})
    void valuesHaveOneDecimalAndTheirUnit(String metric, double value, String text) {
        assertThat(MetricText.value(metric, value), is(text));
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @CsvSource({"cpu, 50, 50%", "cpu, 50.5, 50.5%", "response-time, 200, 200 ms"})
    void boundsAreWrittenAsTheUserWroteThem(String metric, double value, String text) {
        assertThat(MetricText.bound(metric, value), is(text));
    }
}
