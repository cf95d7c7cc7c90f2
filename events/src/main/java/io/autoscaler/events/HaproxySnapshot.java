package io.autoscaler.events;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The HAProxy statistics of one pool's backend, once per collection tick. */
@RegisterForReflection
public record HaproxySnapshot(String pool, String backend, Instant timestamp, List<Server> servers, Totals totals) {

    public HaproxySnapshot {
        Fields.required(pool, "pool");
        Fields.required(timestamp, "timestamp");
        servers = Fields.listOrEmpty(servers);
        totals = Fields.orDefault(totals, new Totals(0, 0, 0));
    }

    /**
     * One server row. {@code status} is HAProxy's own text (UP, DOWN, "UP 1/2", MAINT, DRAIN, "no check");
     * {@code instanceId} is null for servers the autoscaler does not manage.
     */
    @RegisterForReflection
    public record Server(String name, String instanceId, String status, int sessions, int queued, double rate,
            double responseTimeMs, String checkStatus, int weight) {
        public Server {
            Fields.required(name, "name");
        }
    }

    /**
     * The BACKEND row. {@code responses5xx} is HAProxy's count of 5xx responses since it started
     * ({@code hrsp_5xx}, its own 503s included): a counter, null in records written before it was carried.
     */
    @RegisterForReflection
    public record Totals(int sessions, int queued, double rate, Long responses5xx) {
        public Totals(int sessions, int queued, double rate) {
            this(sessions, queued, rate, null);
        }
    }
}
