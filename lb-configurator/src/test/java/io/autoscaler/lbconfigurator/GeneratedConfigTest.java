package io.autoscaler.lbconfigurator;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolMembership.Instance;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.ServerState;
import io.autoscaler.testing.DemoAppContainer;
import io.autoscaler.testing.KafkaBroker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Pools whose HAProxy configuration the configurator generates, against a real HAProxy 2.6 whose base
 * file has no frontend and no backend: routes, algorithms, health path, stickiness, reload and restart.
 * Three demo-app containers serve every pool (a container may be an instance of several pools).
 */
@QuarkusTest
@WithTestResource(GeneratedStack.class)
class GeneratedConfigTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final PoolSpec.HealthCheck CHECKS = new PoolSpec.HealthCheck("/health", 500, 2, 2, null, null);
    private static final List<DemoAppContainer> apps = new ArrayList<>();

    @BeforeAll
    static void startApps() {
        for (int i = 0; i < 3; i++) {
            String alias = "app-" + id();
            DemoAppContainer app = new DemoAppContainer().onNetwork(GeneratedStack.network(), alias)
                    .withCreateContainerCmdModifier(cmd -> cmd.withHostName(alias));
            app.start();
            apps.add(app);
        }
    }

    @AfterAll
    static void stopApps() {
        apps.forEach(DemoAppContainer::stop);
    }

    @Test
    void hostAndPathRoutesAndTheDefaultReachTheirPools() {
        String byHost = hostPool("roundrobin", "off", "/health");
        String byPath = pool(route(List.of(), List.of("/sleep"), false), "roundrobin", "off", "/health");
        String fallback = pool(route(List.of(), List.of(), true), "roundrobin", "off", "/health");
        serve(byHost, 0);
        serve(byPath, 1);
        serve(fallback, 2);
        String host = host(byHost);

        assertThat(get(host, "/").servedBy(), is(hostname(0)));
        assertThat("the port is not part of the host", get(host + ":8080", "/").servedBy(), is(hostname(0)));
        assertThat("upper case is the same host", get(host.toUpperCase(), "/").servedBy(), is(hostname(0)));
        assertThat(get("elsewhere.test", "/sleep?ms=1").servedBy(), is(hostname(1)));
        assertThat("a host rule before a path rule", get(host, "/sleep?ms=1").servedBy(), is(hostname(0)));
        assertThat(get("elsewhere.test", "/").servedBy(), is(hostname(2)));
    }

    @Test
    void eachPoolBalancesWithItsOwnAlgorithm() {
        String rr = hostPool("roundrobin", "off", "/health");
        String first = hostPool("first", "off", "/health");
        String source = hostPool("source", "off", "/health");
        for (String pool : List.of(rr, first, source)) {
            serve(pool, 0, 1);
        }
        List<String> rrHosts = hosts(rr, 10);
        for (int i = 1; i < rrHosts.size(); i++) {
            assertThat("roundrobin alternates: " + rrHosts, rrHosts.get(i), not(is(rrHosts.get(i - 1))));
        }
        assertThat("first fills the first server: " + hosts(first, 10), new HashSet<>(hosts(first, 10)), hasSize(1));
        assertThat("source keeps a client on one server", new HashSet<>(hosts(source, 10)), hasSize(1));
        assertThat(Files.exists(GeneratedStack.haproxy().generatedDir().resolve("pools.cfg")), is(true));
    }

    @Test
    void theHealthCheckUsesThePoolsPath() {
        String healthy = hostPool("roundrobin", "off", "/health");
        String missingPath = hostPool("roundrobin", "off", "/ready"); // the demo app answers 404 there
        String ok = serve(healthy, 0).get(0);
        String failing = membershipOf(missingPath, 0).get(0);
        awaitEvent(missingPath, LbEvent.State.DOWN, failing);
        assertThat(status(healthy, healthy + "-" + ok), startsWith("UP"));
    }

    @Test
    void cookieStickinessHoldsUntilTheInstanceDrains() throws Exception {
        String pool = hostPool("roundrobin", "cookie", "/health");
        List<String> ids = serve(pool, 0, 1);
        Http first = get(host(pool), "/");
        String cookie = first.setCookie("lb-" + pool).orElseThrow(() -> new AssertionError(first.headers()));
        String sticky = first.servedBy();
        assertThat(hosts(pool, 8, cookie), everyItem(is(sticky)));

        int held = sticky.equals(hostname(0)) ? 0 : 1;
        // a slow request keeps the server busy, so that its drain lasts
        CompletableFuture<Http> slow = CompletableFuture.supplyAsync(() -> get(host(pool), "/sleep?ms=4000", cookie));
        await().atMost(TIMEOUT).until(() -> server(pool, pool + "-" + ids.get(held)).sessions() >= 1);
        List<Instance> draining = new ArrayList<>(List.of(instance(ids.get(0), 0), instance(ids.get(1), 1)));
        draining.set(held, draining(ids.get(held), held));
        membership(pool, draining);
        awaitEvent(pool, LbEvent.State.DRAINING, ids.get(held));
        assertThat("held while draining", hosts(pool, 4, cookie), everyItem(is(sticky)));
        assertThat(slow.get().status(), is(200));
        awaitEvent(pool, LbEvent.State.REMOVED, ids.get(held));
        assertThat("moved once drained", hosts(pool, 4, cookie), everyItem(is(hostname(1 - held))));
    }

    @Test
    void aReloadKeepsADrainingServerDrainingAndAnUpServerUp() throws Exception {
        String pool = hostPool("roundrobin", "off", "/health");
        List<String> ids = serve(pool, 0, 1);
        List<CompletableFuture<Http>> slow = List.of(
                CompletableFuture.supplyAsync(() -> get(host(pool), "/sleep?ms=6000")),
                CompletableFuture.supplyAsync(() -> get(host(pool), "/sleep?ms=6000")));
        await().atMost(TIMEOUT).until(() -> server(pool, pool + "-" + ids.get(1)).sessions() >= 1);
        membership(pool, List.of(instance(ids.get(0), 0), draining(ids.get(1), 1)));
        awaitEvent(pool, LbEvent.State.DRAINING, ids.get(1));

        String other = hostPool("leastconn", "off", "/health"); // a pool-level change: a reload
        awaitEvent(other, LbEvent.State.CONFIG_APPLIED, null);
        assertThat(server(pool, pool + "-" + ids.get(1)).admin(), is(ServerState.Admin.DRAIN));
        assertThat(server(pool, pool + "-" + ids.get(0)).status(), is("UP"));
        for (CompletableFuture<Http> request : slow) {
            assertThat("in flight across the reload", request.get().status(), is(200));
        }
        awaitEvent(pool, LbEvent.State.REMOVED, ids.get(1));
    }

    @Test
    void afterAnHaproxyRestartTheServersAreInItsConfiguration() {
        String pool = hostPool("roundrobin", "off", "/health");
        List<String> ids = serve(pool, 0, 1);
        await().atMost(TIMEOUT).until(() -> poolsFile().contains(pool + "-" + ids.get(1)));

        GeneratedStack.restartHaproxy();
        long t0 = System.nanoTime();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> get(host(pool), "/").status() == 200);
        System.out.printf("first 200 %d ms after the restart command returned%n",
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        LbEvent resynced = awaitEvent(pool, LbEvent.State.HAPROXY_RESYNCED, null);
        assertThat("nothing to re-add: " + resynced.reason(), resynced.instanceId(), is(nullValue()));
        assertThat(resynced.reason(), containsString("no server to re-add"));
    }

    @Test
    void aDeletedPoolLosesItsBackendOnItsMembershipsTombstoneAndStartsCleanWhenCreatedAgain() {
        String pool = hostPool("roundrobin", "off", "/health");
        String id = serve(pool, 0).get(0);
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> poolsFile().contains("backend " + pool + "\n"));

        // as the API and the provisioner do it: the spec's tombstone, the instance drained, and once its
        // container is gone the membership's tombstone
        kafka().send(Topics.POOLS, pool, null);
        membership(pool, List.of(draining(id, 0)));
        awaitEvent(pool, LbEvent.State.REMOVED, id);
        kafka().send(Topics.MEMBERSHIP, pool, null);

        await().atMost(TIMEOUT).ignoreExceptions().until(() -> !poolsFile().contains("backend " + pool + "\n"));
        // and HAProxy runs without it (a reload, not only the file)
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> GeneratedStack.runtimeApi().stats().stream()
                .noneMatch(row -> row.isBackend() && row.backend().equals(pool)));

        // created again under the same name: a backend again, and its new instance serves
        send(pool, route(List.of(host(pool)), List.of(), false), "roundrobin", "off", "/health");
        serve(pool, 1);
        await().atMost(TIMEOUT).until(() -> hosts(pool, 4), everyItem(is(hostname(1))));
    }

    // --- helpers

    static String id() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    static String hostname(int app) {
        return apps.get(app).getContainerInfo().getConfig().getHostName();
    }

    static String host(String pool) {
        return pool + ".test";
    }

    static PoolSpec.Route route(List<String> hosts, List<String> paths, boolean fallback) {
        return new PoolSpec.Route(hosts, paths, fallback);
    }

    /** A pool routed by the host {@code <pool>.test}. */
    static String hostPool(String balance, String stickiness, String healthPath) {
        String pool = "g-" + id();
        send(pool, route(List.of(host(pool)), List.of(), false), balance, stickiness, healthPath);
        return pool;
    }

    static String pool(PoolSpec.Route route, String balance, String stickiness, String healthPath) {
        String pool = "g-" + id();
        send(pool, route, balance, stickiness, healthPath);
        return pool;
    }

    private static void send(String pool, PoolSpec.Route route, String balance, String stickiness, String path) {
        PoolSpec.HealthCheck checks = new PoolSpec.HealthCheck(path, CHECKS.intervalMs(), CHECKS.rise(), CHECKS.fall(),
                null, null);
        kafka().send(Topics.POOLS, pool, new PoolSpec(pool, "autoscaler/demo-app:latest", DemoAppContainer.PORT, null,
                null, null, 1, 10, checks, null, new PoolSpec.Drain(20_000L), null, null, Timestamps.now(), route,
                balance, stickiness, 0, 0L));
    }

    /** Instances of the pool on these apps; returns their ids once each is UP. */
    static List<String> serve(String pool, int... appIndexes) {
        List<String> ids = membershipOf(pool, appIndexes);
        ids.forEach(id -> awaitEvent(pool, LbEvent.State.UP, id));
        return ids;
    }

    static List<String> membershipOf(String pool, int... appIndexes) {
        List<Instance> instances = Arrays.stream(appIndexes).mapToObj(i -> instance(id(), i)).toList();
        membership(pool, instances);
        return instances.stream().map(Instance::instanceId).toList();
    }

    static Instance instance(String id, int app) {
        DemoAppContainer c = apps.get(app);
        return new Instance(id, c.getContainerId(), c.ipAddress(), DemoAppContainer.PORT,
                PoolMembership.State.RUNNING, Timestamps.now());
    }

    static Instance draining(String id, int app) {
        DemoAppContainer c = apps.get(app);
        return new Instance(id, c.getContainerId(), c.ipAddress(), DemoAppContainer.PORT,
                PoolMembership.State.DRAINING, Timestamps.now());
    }

    static void membership(String pool, List<Instance> instances) {
        kafka().send(Topics.MEMBERSHIP, pool,
                new PoolMembership(pool, System.nanoTime(), instances.size(), instances, Timestamps.now()));
    }

    static Http get(String host, String path) {
        return get(host, path, null);
    }

    static Http get(String host, String path, String cookie) {
        return Http.get(GeneratedStack.httpPort(), host, path, cookie);
    }

    static List<String> hosts(String pool, int requests) {
        return hosts(pool, requests, null);
    }

    static List<String> hosts(String pool, int requests, String cookie) {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            hosts.add(get(host(pool), "/", cookie).servedBy());
        }
        return hosts;
    }

    static Backend.Server server(String backend, String name) {
        return GeneratedStack.runtimeApi().backend(backend).servers().stream().filter(s -> s.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no server " + name));
    }

    static String status(String backend, String name) {
        return server(backend, name).status();
    }

    static String poolsFile() throws java.io.IOException {
        return Files.readString(GeneratedStack.haproxy().generatedDir().resolve("pools.cfg"));
    }

    static LbEvent awaitEvent(String pool, LbEvent.State state, String instanceId) {
        return ConfiguratorTest.awaitEvent(pool, state, instanceId);
    }

    private static io.autoscaler.testing.KafkaRecords kafka() {
        return KafkaBroker.shared().records();
    }
}
