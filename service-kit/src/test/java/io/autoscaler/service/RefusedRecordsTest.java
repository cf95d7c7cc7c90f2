package io.autoscaler.service;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.autoscaler.events.validation.InvalidRecordException;
import io.autoscaler.events.validation.Violation;

/** Only SmallRye's line about a refused record is dropped. */
class RefusedRecordsTest {
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            io.smallrye.reactive.messaging.provider | refused   | false
            io.smallrye.reactive.messaging.kafka    | refused   | false
            io.smallrye.reactive.messaging.provider | state     | true
            io.smallrye.reactive.messaging.provider | null      | true
            io.autoscaler.service.DeadLetters       | refused   | true
            null                                    | refused   | true
            """)
    void dropsSmallRyesErrorForARefusedRecordOnly(String logger, String thrown, boolean loggable) {
        LogRecord record = new LogRecord(Level.SEVERE, "SRMSG00200: The method x has thrown an exception");
        record.setLoggerName(logger);
        record.setThrown(switch (String.valueOf(thrown)) {
            case "refused" -> new InvalidRecordException("PoolMembership", List.of(new Violation("containerId", "bad")));
            case "state" -> new IllegalStateException("a bug");
            default -> null;
        });
        assertThat(new RefusedRecords().isLoggable(record), is(loggable));
    }
}
