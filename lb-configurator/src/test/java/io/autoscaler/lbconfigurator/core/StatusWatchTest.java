package io.autoscaler.lbconfigurator.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.autoscaler.lbconfigurator.core.StatusWatch.Change;
import io.autoscaler.lbconfigurator.haproxy.Backend.Health;
import io.autoscaler.lbconfigurator.haproxy.Backend.Server;
import io.autoscaler.lbconfigurator.haproxy.ServerState.Admin;

class StatusWatchTest {
    private final StatusWatch watch = new StatusWatch();

    @Test
    void aServerWeAddedIsReportedOnlyWhenItComesUp() {
        watch.added("web-a");
        assertThat(watch.observe(List.of(server("web-a", "DOWN"))), empty());
        assertThat(watch.observe(List.of(server("web-a", "DOWN 1/2"))), empty());
        assertThat(watch.observe(List.of(server("web-a", "UP"))), contains(new Change("web-a", Health.UP)));
        assertThat(watch.observe(List.of(server("web-a", "UP 1/2"))), empty());
        assertThat(watch.observe(List.of(server("web-a", "DOWN"))), contains(new Change("web-a", Health.DOWN)));
    }

    @Test
    void aServerFirstSeenIsReportedAsItIs() {
        assertThat(watch.observe(List.of(server("web-a", "UP"), server("web-b", "DOWN"))),
                contains(new Change("web-a", Health.UP), new Change("web-b", Health.DOWN)));
    }

    @Test
    void drainingCountsAsUpAndMaintenanceIsNotReported() {
        watch.observe(List.of(server("web-a", "UP")));
        assertThat(watch.observe(List.of(server("web-a", "DRAIN"))), empty());
        assertThat(watch.observe(List.of(server("web-a", "MAINT"))), empty());
    }

    @Test
    void aRemovedServerIsForgotten() {
        watch.observe(List.of(server("web-a", "UP")));
        watch.observe(List.of());
        assertThat(watch.observe(List.of(server("web-a", "UP"))), contains(new Change("web-a", Health.UP)));
    }

    private static Server server(String name, String status) {
        return new Server(name, "10.0.0.1", 8080, Admin.READY, status, 0, 0, 0);
    }
}
