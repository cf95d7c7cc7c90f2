package io.autoscaler.decisionengine.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * A per-second rate from two readings of a counter that only grows while its source runs, such as HAProxy's
 * count of 5xx responses: the increase over the time between the readings, each read at its own source's
 * time. A smaller second reading means the source restarted (a reload or restart starts HAProxy's counters
 * at 0), so the increase is the second reading itself. No rate without two readings in time order.
 */
public final class CounterRate {
    /** One reading of the counter and when its source read it. */
    public record Reading(long value, Instant at) {
    }

    private CounterRate() {
    }

    public static Double perSecond(Reading before, Reading now) {
        if (before == null || now == null) {
            return null;
        }
        long millis = Duration.between(before.at(), now.at()).toMillis();
        if (millis <= 0) {
            return null;
        }
        long increase = now.value() >= before.value() ? now.value() - before.value() : now.value();
        return increase * 1000.0 / millis;
    }
}
