package io.autoscaler.lbconfigurator.haproxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.PoolSpec;

class CommandsTest {
    private static final PoolSpec.HealthCheck CHECK = new PoolSpec.HealthCheck("/health", 500, 3, 2, null, null);

    @Test
    void addCarriesTheChecksOfThePool() {
        assertThat(Commands.addServer("web", "web-0a1b2c3d", "10.0.0.7", 8080, CHECK),
                is("add server web/web-0a1b2c3d 10.0.0.7:8080 check inter 500 rise 3 fall 2"));
    }

    @Test
    void startDownIsOneLineSoNoRequestSlipsInBetween() {
        assertThat(Commands.startDown("web", "web-0a1b2c3d"),
                is("enable health web/web-0a1b2c3d; set server web/web-0a1b2c3d state ready; "
                        + "set server web/web-0a1b2c3d health down"));
    }

    @Test
    void drainMaintenanceDeleteAndAddress() {
        assertThat(Commands.drain("web", "s"), is("set server web/s state drain"));
        assertThat(Commands.maintenance("web", "s"), is("set server web/s state maint"));
        assertThat(Commands.delete("web", "s"), is("del server web/s"));
        assertThat(Commands.setAddress("web", "s", "10.0.0.8", 8081), is("set server web/s addr 10.0.0.8 port 8081"));
        assertThat(Commands.showStat(), is("show stat -1 6 -1"));
    }
}
