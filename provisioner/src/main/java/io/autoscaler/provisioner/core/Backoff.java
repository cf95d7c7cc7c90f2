package io.autoscaler.provisioner.core;

import java.time.Duration;

/** Exponential backoff: {@code first}, doubling with each consecutive failure, capped at {@code max}. */
public record Backoff(Duration first, Duration max) {

    /** How long to wait after {@code failures} consecutive failures (none after none). */
    public Duration after(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - 1, 30);
        Duration delay = first.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
