package io.autoscaler.events;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Event timestamps are UTC with millisecond precision (DESIGN.md "Topics"). */
public final class Timestamps {
    private Timestamps() {
    }

    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public static Instant now() {
        return now(Clock.systemUTC());
    }
}
