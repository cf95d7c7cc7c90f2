package io.autoscaler.decisionengine.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * UTC when the engine starts, then the elapsed time of a monotonic counter ({@link System#nanoTime}):
 * windows, cooldowns and snapshot ages stay right when the system clock steps either way.
 */
final class MonotonicClock extends Clock {
    private final Instant origin;
    private final long originNanos;
    private final LongSupplier nanos;

    MonotonicClock(Instant origin, LongSupplier nanos) {
        this.origin = origin;
        this.originNanos = nanos.getAsLong();
        this.nanos = nanos;
    }

    static MonotonicClock startingNow() {
        return new MonotonicClock(Instant.now(), System::nanoTime);
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(nanos.getAsLong() - originNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("the engine's clock is UTC");
        }
        return this;
    }
}
