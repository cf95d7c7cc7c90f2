package io.autoscaler.service;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.autoscaler.events.validation.InvalidRecordException;
import io.quarkus.logging.LoggingFilter;

/**
 * Keeps SmallRye's ERROR and stack trace (SRMSG00200, "The method ... has thrown an exception") out of the
 * log when the exception is a record our validation refused: that record goes on to the dead-letter topic,
 * and {@link DeadLetters} logs it as one WARN line with the channel, the offset and the reason. Anything
 * else a method throws is still logged as SmallRye logs it.
 */
@LoggingFilter(name = RefusedRecords.FILTER)
public final class RefusedRecords implements Filter {
    public static final String FILTER = "refused-records";
    private static final String SMALLRYE_MESSAGING = "io.smallrye.reactive.messaging";

    @Override
    public boolean isLoggable(LogRecord record) {
        return !(record.getThrown() instanceof InvalidRecordException
                && record.getLoggerName() != null && record.getLoggerName().startsWith(SMALLRYE_MESSAGING));
    }
}
