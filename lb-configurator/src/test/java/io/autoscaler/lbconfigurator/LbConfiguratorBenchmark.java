package io.autoscaler.lbconfigurator;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolMembership.Instance;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.testing.DemoAppContainer;
import io.autoscaler.testing.HaproxyContainer;
import io.autoscaler.testing.KafkaBroker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Prints how fast the configurator applies membership to a real HAProxy 2.6, how it copes with a
 * 500-server backend, and how many requests a series of drains loses under steady load. Asserts
 * nothing timed. Run with
 * {@code -Dtest='LbConfiguratorBenchmark' -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
@WithTestResource(HaproxyStack.class)
class LbConfiguratorBenchmark {
    private static final Duration LONG = Duration.ofMinutes(5);
    /** Servers that point nowhere useful: slow checks keep HAProxy's load down. */
    private static final PoolSpec.HealthCheck SLOW_CHECKS = new PoolSpec.HealthCheck("/health", 5000, 1, 1, null,
            null);

    @Test
    void addsAtScaleAndALargeBackend() {
        for (int n : new int[] {1, 10, 100}) {
            String pool = pool("spare", SLOW_CHECKS);
            long ms = timeUntilPresent(pool, "spare", fakeInstances(n), n);
            System.out.printf("BENCH adds: %3d servers applied in %5d ms (membership record to servers in HAProxy)%n",
                    n, ms);
            emptyAndAwaitGone(pool, "spare");
        }

        String pool = pool("spare", SLOW_CHECKS);
        long pidBefore = HaproxyStack.runtimeApi().info().pid();
        List<Instance> five = fakeInstances(500);
        long ms = timeUntilPresent(pool, "spare", five, 500);
        System.out.printf("BENCH 500-server backend: built in %d ms%n", ms);
        List<Instance> more = new ArrayList<>(five);
        more.addAll(fakeInstances(1));
        long one = timeUntilPresent(pool, "spare", more, 501);
        System.out.printf("BENCH 500-server backend: one more server applied in %d ms%n", one);
        long pidAfter = HaproxyStack.runtimeApi().info().pid();
        System.out.printf("BENCH 500-server backend: HAProxy pid %d -> %d (%s)%n", pidBefore, pidAfter,
                pidBefore == pidAfter ? "no reload" : "RELOADED");
        long gone = emptyAndAwaitGone(pool, "spare");
        System.out.printf("BENCH 500-server backend: drained and deleted in %d ms%n", gone);
    }

    @Test
    void twentyDrainsAtSteadyLoad() throws Exception {
        PoolSpec.HealthCheck checks = new PoolSpec.HealthCheck("/health", 300, 2, 2, null, null);
        String pool = pool("web", checks);
        DemoAppContainer stable = app();
        DemoAppContainer spare = app();
        try {
            Instance keeper = instance(id(), stable, PoolMembership.State.RUNNING);
            long generation = 1;
            membership(pool, generation++, List.of(keeper));
            ConfiguratorTest.awaitEvent(pool, LbEvent.State.UP, keeper.instanceId());
            long totalDrainMs = 0;
            try (SteadyLoad load = new SteadyLoad(HaproxyStack.frontend(HaproxyContainer.HTTP_PORT) + "/sleep?ms=50",
                    8, host -> {
                    })) {
                for (int i = 0; i < 20; i++) {
                    String id = id();
                    membership(pool, generation++, List.of(keeper, instance(id, spare, PoolMembership.State.RUNNING)));
                    ConfiguratorTest.awaitEvent(pool, LbEvent.State.UP, id);
                    long t0 = System.nanoTime();
                    membership(pool, generation++, List.of(keeper, instance(id, spare, PoolMembership.State.DRAINING)));
                    ConfiguratorTest.awaitEvent(pool, LbEvent.State.REMOVED, id);
                    totalDrainMs += Duration.ofNanos(System.nanoTime() - t0).toMillis();
                    membership(pool, generation++, List.of(keeper));
                }
                System.out.printf("BENCH 20 drains at steady load (8 clients, /sleep?ms=50): %d requests ok, "
                        + "%d failed, mean DRAINING->REMOVED %d ms%n", load.succeeded(), load.failures().size(),
                        totalDrainMs / 20);
                load.failures().stream().limit(5).forEach(f -> System.out.println("BENCH failure: " + f));
            }
            membership(pool, generation, List.of());
        } finally {
            stable.stop();
            spare.stop();
        }
    }

    private static long timeUntilPresent(String pool, String backend, List<Instance> instances, int expected) {
        long t0 = System.nanoTime();
        membership(pool, System.nanoTime(), instances);
        await().atMost(LONG).pollInterval(Duration.ofMillis(20))
                .until(() -> ours(pool, backend) >= expected);
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }

    private static long emptyAndAwaitGone(String pool, String backend) {
        long t0 = System.nanoTime();
        membership(pool, System.nanoTime(), List.of());
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> ours(pool, backend) == 0);
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }

    private static long ours(String pool, String backend) {
        return HaproxyStack.runtimeApi().backend(backend).servers().stream().map(Backend.Server::name)
                .filter(n -> n.startsWith(pool + "-")).count();
    }

    private static List<Instance> fakeInstances(int n) {
        // refused at once inside the HAProxy container: cheap failing checks
        return IntStream.range(0, n).mapToObj(i -> new Instance(id(), String.format("%012x", i), "127.0.0.1", 9,
                PoolMembership.State.RUNNING,
                Timestamps.now())).toList();
    }

    private static Instance instance(String id, DemoAppContainer app, PoolMembership.State state) {
        return new Instance(id, app.getContainerId(), app.ipAddress(), DemoAppContainer.PORT, state, Timestamps.now());
    }

    private static String pool(String backend, PoolSpec.HealthCheck checks) {
        String pool = "b-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.shared().records().send(Topics.POOLS, pool, new PoolSpec(pool, "autoscaler/demo-app:latest",
                DemoAppContainer.PORT, null, null, backend, 1, 1000, checks, null, new PoolSpec.Drain(20_000L), null,
                null, Timestamps.now()));
        return pool;
    }

    private static void membership(String pool, long generation, List<Instance> instances) {
        KafkaBroker.shared().records().send(Topics.MEMBERSHIP, pool,
                new PoolMembership(pool, generation, instances.size(), instances, Timestamps.now()));
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private static DemoAppContainer app() {
        String alias = "app-" + id();
        DemoAppContainer app = new DemoAppContainer().onNetwork(HaproxyStack.network(), alias)
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName(alias));
        app.start();
        return app;
    }
}
