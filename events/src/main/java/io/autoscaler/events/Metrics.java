package io.autoscaler.events;

import java.util.Set;

/** The metric names a policy may refer to (DESIGN.md "PoolSpec"). */
public final class Metrics {
    /** Percent of the instance's CPU limit, or of one core when it has none. */
    public static final String CPU = "cpu";
    /** HAProxy current sessions per instance. */
    public static final String SESSIONS = "sessions";
    /** Sessions per second per instance. */
    public static final String REQUEST_RATE = "request-rate";
    /**
     * Queued requests per instance: the backend's queue (requests waiting while every server is at
     * its {@code maxConnPerInstance}) shared among the pool's served instances, plus each one's own.
     */
    public static final String QUEUE = "queue";
    /** Backend average response time, ms. */
    public static final String RESPONSE_TIME = "response-time";

    public static final Set<String> ALL = Set.of(CPU, SESSIONS, REQUEST_RATE, QUEUE, RESPONSE_TIME);

    private Metrics() {
    }
}
