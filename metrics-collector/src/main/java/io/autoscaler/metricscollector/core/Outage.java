package io.autoscaler.metricscollector.core;

/**
 * Whether a source (Docker, HAProxy, Kafka) is failing, so that an outage is reported once when it
 * begins and once when it ends, however many ticks it lasts.
 */
public final class Outage {
    /** What a tick's result means for the log. */
    public enum Change {
        /** The source answered, as it did before: nothing to say. */
        STILL_UP,
        /** The first failure after success: say it once. */
        WENT_DOWN,
        /** Another failure during the same outage: stay quiet. */
        STILL_DOWN,
        /** The first success after failures: say it has recovered. */
        CAME_BACK
    }

    private boolean down;
    private int failures;

    public Change failed() {
        if (down) {
            failures++;
            return Change.STILL_DOWN;
        }
        down = true;
        failures = 1;
        return Change.WENT_DOWN;
    }

    public Change succeeded() {
        if (!down) {
            return Change.STILL_UP;
        }
        down = false;
        return Change.CAME_BACK;
    }

    /** Failures in the current (or the last) outage. */
    public int failures() {
        return failures;
    }

    public boolean down() {
        return down;
    }
}
