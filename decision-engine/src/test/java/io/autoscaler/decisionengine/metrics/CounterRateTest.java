package io.autoscaler.decisionengine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CounterRateTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    /** Row: reading before | reading now (count@ms after T0, '-' none) → per second, '-' none. */
    @ParameterizedTest(name = "{0} then {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "10@0    | 16@2000  | 3.0   ",
            "10@0    | 10@1000  | 0.0   ",
            "10@0    | 11@4000  | 0.25  ",
            "0@0     | 7@500    | 14.0  ",
            "10@0    | 4@2000   | 2.0   ", // HAProxy restarted: its counter began again at 0
            "-       | 5@1000   | -     ", // the first reading: nothing to compare with
            "5@0     | -        | -     ", // a record written before the counter was carried
            "5@1000  | 9@1000   | -     ", // the same moment twice
            "5@2000  | 9@1000   | -     ", // out of order
    })
    void theIncreaseOverTheTimeBetweenTwoReadings(String before, String now, String perSecond) {
        Double expected = perSecond.equals("-") ? null : Double.valueOf(perSecond);
        assertEquals(expected, CounterRate.perSecond(reading(before), reading(now)));
    }

    private static CounterRate.Reading reading(String text) {
        if (text.equals("-")) {
            return null;
        }
        String[] parts = text.split("@");
        return new CounterRate.Reading(Long.parseLong(parts[0]), T0.plusMillis(Long.parseLong(parts[1])));
    }
}
