package io.autoscaler.metricscollector.core;

/** The HAProxy statistics could not be read as HAProxy's CSV. */
public class MalformedStatsException extends RuntimeException {
    public MalformedStatsException(String message) {
        super(message);
    }
}
