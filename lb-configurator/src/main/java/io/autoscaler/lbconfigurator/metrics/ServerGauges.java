package io.autoscaler.lbconfigurator.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.ServerState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code autoscaler_pool_servers{pool, state}}: each pool's HAProxy servers by state as the last
 * reconcile pass read them, and {@code autoscaler_pool_server_sessions{pool}} their current sessions. A
 * pool the configurator stops watching (deleted, its servers gone) loses its gauges.
 */
@ApplicationScoped
public class ServerGauges {
    static final String SERVERS = "autoscaler.pool.servers";
    static final String SESSIONS = "autoscaler.pool.server.sessions";

    /** Admin state first: a server in maintenance or draining is that, whatever its checks say. */
    public enum State {
        UP, DOWN, DRAIN, MAINT;

        static State of(Backend.Server server) {
            if (server.admin() == ServerState.Admin.MAINT) {
                return MAINT;
            }
            if (server.admin() == ServerState.Admin.DRAIN) {
                return DRAIN;
            }
            return server.health() == Backend.Health.DOWN ? DOWN : UP;
        }
    }

    @Inject
    MeterRegistry meters;

    private final Map<String, Gauges> pools = new ConcurrentHashMap<>();

    private record Gauges(Map<State, AtomicInteger> byState, AtomicInteger sessions, Map<Meter, Boolean> meters) {
    }

    /** The pool's backend as a pass read it. */
    public void backend(String pool, Backend backend) {
        Gauges gauges = pools.computeIfAbsent(pool, this::register);
        Map<State, Integer> counts = new EnumMap<>(State.class);
        int sessions = 0;
        for (Backend.Server server : backend.servers()) {
            counts.merge(State.of(server), 1, Integer::sum);
            sessions += server.sessions();
        }
        gauges.byState().forEach((state, count) -> count.set(counts.getOrDefault(state, 0)));
        gauges.sessions().set(sessions);
    }

    public void forget(String pool) {
        Gauges gone = pools.remove(pool);
        if (gone != null) {
            gone.meters().keySet().forEach(meters::remove);
        }
    }

    private Gauges register(String pool) {
        Gauges gauges = new Gauges(new EnumMap<>(State.class), new AtomicInteger(), new ConcurrentHashMap<>());
        for (State state : State.values()) {
            AtomicInteger count = new AtomicInteger();
            gauges.byState().put(state, count);
            gauges.meters().put(Gauge.builder(SERVERS, count, AtomicInteger::get).tags("pool", pool, "state",
                    state.name()).strongReference(true).register(meters), true);
        }
        gauges.meters().put(Gauge.builder(SESSIONS, gauges.sessions(), AtomicInteger::get).tags("pool", pool)
                .strongReference(true).register(meters), true);
        return gauges;
    }
}
