package io.autoscaler.lbconfigurator.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.PoolMembership.Instance;
import io.autoscaler.events.PoolMembership.State;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.Backend.Server;
import io.autoscaler.lbconfigurator.haproxy.ServerState.Admin;

/** Every transition of a server, one row each: membership and backend in, steps out. */
class ReconcilerTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final String A = "0000000a";
    private static final String B = "0000000b";

    static Stream<Arguments> transitions() {
        return Stream.of(
                row("nothing wanted, nothing there", List.of(), List.of(), Map.of()),
                row("RUNNING instance without server: add it",
                        List.of(instance(A, State.RUNNING, "10.0.0.1")), List.of(),
                        Map.of(), new Step.Add(A, "web-" + A, "10.0.0.1", 8080)),
                row("RUNNING instance with its server: nothing",
                        List.of(instance(A, State.RUNNING, "10.0.0.1")), List.of(server(A, "10.0.0.1", Admin.READY, 3)),
                        Map.of()),
                row("RUNNING instance at a new address: readdress",
                        List.of(instance(A, State.RUNNING, "10.0.0.9")), List.of(server(A, "10.0.0.1", Admin.READY, 0)),
                        Map.of(), new Step.Readdress(A, "web-" + A, "10.0.0.9", 8080)),
                row("RUNNING instance whose add stopped half-way (server in maintenance): release it",
                        List.of(instance(A, State.RUNNING, "10.0.0.1")), List.of(server(A, "10.0.0.1", Admin.MAINT, 0)),
                        Map.of(), new Step.Release(A, "web-" + A)),
                row("RUNNING instance whose server drains (the instance was kept after all): release it",
                        List.of(instance(A, State.RUNNING, "10.0.0.1")), List.of(server(A, "10.0.0.1", Admin.DRAIN, 1)),
                        Map.of(), new Step.Release(A, "web-" + A)),
                row("STARTING instance: not added before it is ready",
                        List.of(instance(A, State.STARTING, "10.0.0.1")), List.of(), Map.of()),
                row("DRAINING instance with a ready server: start the drain",
                        List.of(instance(A, State.DRAINING, "10.0.0.1")), List.of(server(A, "10.0.0.1", Admin.READY, 4)),
                        Map.of(), new Step.StartDrain(A, "web-" + A, "instance draining")),
                row("draining server still busy: wait",
                        List.of(instance(A, State.DRAINING, "10.0.0.1")), List.of(server(A, "10.0.0.1", Admin.DRAIN, 2)),
                        Map.of("web-" + A, NOW.minusSeconds(5))),
                row("draining server idle: remove it",
                        List.of(instance(A, State.DRAINING, "10.0.0.1")), List.of(server(A, "10.0.0.1", Admin.DRAIN, 0)),
                        Map.of("web-" + A, NOW.minusSeconds(5)), new Step.Remove(A, "web-" + A, 0, false)),
                row("draining server busy past the drain timeout: remove it anyway",
                        List.of(instance(A, State.DRAINING, "10.0.0.1")), List.of(server(A, "10.0.0.1", Admin.DRAIN, 2)),
                        Map.of("web-" + A, NOW.minusSeconds(31)), new Step.Remove(A, "web-" + A, 2, true)),
                row("draining server with no known start (configurator restarted): its clock starts now",
                        List.of(instance(A, State.DRAINING, "10.0.0.1")), List.of(server(A, "10.0.0.1", Admin.DRAIN, 2)),
                        Map.of()),
                row("leaving server already in maintenance (delete refused earlier): delete again",
                        List.of(instance(A, State.DRAINING, "10.0.0.1")), List.of(server(A, "10.0.0.1", Admin.MAINT, 0)),
                        Map.of(), new Step.Remove(A, "web-" + A, 0, false)),
                row("DRAINING instance without a server: report it drained",
                        List.of(instance(A, State.DRAINING, "10.0.0.1")), List.of(), Map.of(),
                        new Step.ReportDrained(A, "web-" + A)),
                row("STOPPING instance with a server: drain it first",
                        List.of(instance(A, State.STOPPING, "10.0.0.1")), List.of(server(A, "10.0.0.1", Admin.READY, 0)),
                        Map.of(), new Step.StartDrain(A, "web-" + A, "instance stopping")),
                row("STOPPING instance without a server: nothing",
                        List.of(instance(A, State.STOPPING, "10.0.0.1")), List.of(), Map.of()),
                row("our server whose instance is gone: drain it",
                        List.of(), List.of(server(B, "10.0.0.2", Admin.READY, 1)),
                        Map.of(), new Step.StartDrain(B, "web-" + B, "instance not in membership")),
                row("our server whose instance is gone, drained: remove it",
                        List.of(), List.of(server(B, "10.0.0.2", Admin.DRAIN, 0)),
                        Map.of("web-" + B, NOW.minusSeconds(1)), new Step.Remove(B, "web-" + B, 0, false)),
                row("static servers of haproxy.cfg are never touched",
                        List.of(), List.of(named("static1", Admin.READY), named("web-static", Admin.READY),
                                named("other-0000000c", Admin.READY)),
                        Map.of()),
                row("adds come before retirements",
                        List.of(instance(B, State.DRAINING, "10.0.0.2"), instance(A, State.RUNNING, "10.0.0.1")),
                        List.of(server(B, "10.0.0.2", Admin.READY, 0)), Map.of(),
                        new Step.Add(A, "web-" + A, "10.0.0.1", 8080),
                        new Step.StartDrain(B, "web-" + B, "instance draining")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void plan(String transition, List<Instance> instances, List<Server> servers, Map<String, Instant> drains,
            List<Step> expected) {
        PoolTarget target = new PoolTarget("web", "web", PoolSpec.HealthCheck.DEFAULT, DRAIN_TIMEOUT, instances);
        assertThat(Reconciler.plan(target, new Backend("web", "leastconn", servers), drains, NOW), is(expected));
    }

    @org.junit.jupiter.api.Test
    void aPoolManagesOnlyServersNamedAfterIt() {
        PoolTarget target = new PoolTarget("web", "web", PoolSpec.HealthCheck.DEFAULT, DRAIN_TIMEOUT, List.of());
        assertThat(Reconciler.managesAny(target, new Backend("web", "leastconn",
                List.of(named("static1", Admin.READY), named("other-0000000c", Admin.READY)))), is(false));
        assertThat(Reconciler.managesAny(target, new Backend("web", "leastconn",
                List.of(server(A, "10.0.0.1", Admin.MAINT, 0)))), is(true));
    }

    private static Arguments row(String transition, List<Instance> instances, List<Server> servers,
            Map<String, Instant> drains, Step... expected) {
        return Arguments.of(transition, instances, servers, drains, Arrays.asList(expected));
    }

    private static Instance instance(String id, State state, String host) {
        return new Instance(id, "c-" + id, host, 8080, state, NOW.minusSeconds(60));
    }

    private static Server server(String id, String address, Admin admin, int sessions) {
        return new Server("web-" + id, address, 8080, admin, admin == Admin.MAINT ? "MAINT" : "UP", sessions, 0, 0);
    }

    private static Server named(String name, Admin admin) {
        return new Server(name, "10.0.0.50", 8080, admin, "UP", 5, 0, 0);
    }
}
