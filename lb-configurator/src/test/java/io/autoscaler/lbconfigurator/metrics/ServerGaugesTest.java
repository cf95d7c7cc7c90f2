package io.autoscaler.lbconfigurator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.ServerState.Admin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ServerGaugesTest {
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "READY, UP,       UP",
            "READY, UP 1/2,   UP",
            "READY, no check, UP",
            "READY, DOWN,     DOWN",
            "READY, DOWN 1/3, DOWN",
            "DRAIN, UP,       DRAIN",
            "DRAIN, DOWN,     DRAIN",
            "MAINT, MAINT,    MAINT",
    })
    void adminStateFirstThenHealth(Admin admin, String status, ServerGauges.State state) {
        assertEquals(state, ServerGauges.State.of(server("s", admin, status, 0)));
    }

    @Test
    void countsServersByStateAndForgetsAPool() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ServerGauges gauges = new ServerGauges();
        gauges.meters = meters;
        gauges.backend("a", new Backend("a", "roundrobin", List.of(server("a1", Admin.READY, "UP", 3),
                server("a2", Admin.READY, "DOWN", 0), server("a3", Admin.DRAIN, "UP", 2))));
        assertEquals(1, count(meters, "a", "UP"));
        assertEquals(1, count(meters, "a", "DOWN"));
        assertEquals(1, count(meters, "a", "DRAIN"));
        assertEquals(0, count(meters, "a", "MAINT"));
        assertEquals(5, meters.get(ServerGauges.SESSIONS).tag("pool", "a").gauge().value());

        gauges.backend("a", new Backend("a", "roundrobin", List.of(server("a1", Admin.READY, "UP", 0))));
        assertEquals(0, count(meters, "a", "DOWN"));
        gauges.forget("a");
        assertTrue(meters.find(ServerGauges.SERVERS).tag("pool", "a").meters().isEmpty());
        assertTrue(meters.find(ServerGauges.SESSIONS).tag("pool", "a").meters().isEmpty());
    }

    private static double count(SimpleMeterRegistry meters, String pool, String state) {
        return meters.get(ServerGauges.SERVERS).tags("pool", pool, "state", state).gauge().value();
    }

    private static Backend.Server server(String name, Admin admin, String status, int sessions) {
        return new Backend.Server(name, "127.0.0.2", 8080, admin, status, sessions, 0, 0);
    }
}
