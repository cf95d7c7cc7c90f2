package io.autoscaler.lbconfigurator;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.lbconfigurator.SwarmApps.App;
import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.Haproxy;
import io.autoscaler.lbconfigurator.haproxy.SocketRuntimeApi;
import io.autoscaler.testing.HaproxyContainer;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.PrivateNode;
import io.autoscaler.testing.PrivateSwarm;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Issue 17 points 2 and 4 (HAProxy's half) on a real two-node Swarm cluster ({@link HaproxyOnSwarm}): HAProxy on the
 * manager serves instances of both nodes over the data overlay, driven by the in-process configurator through the
 * real broker; the overlay reaches HAProxy's frontend and nothing of the control plane; when the worker's engine
 * stops, HAProxy takes its instances out within the pool's checks, requests go on, and the instances' end (as the
 * provisioner publishes it) leaves nothing behind in HAProxy, before or after the node comes back.
 */
@QuarkusTest
@WithTestResource(HaproxyOnSwarm.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmBackendsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** The pool's checks (PoolSpec healthCheck), rendered as {@code check inter 500 rise 2 fall 2}. */
    private static final PoolSpec.HealthCheck CHECKS = new PoolSpec.HealthCheck("/health", 500, 2, 2, null, null);
    /** The stack's {@code timeout connect} (infra/haproxy/haproxy.cfg): a check's connect waits min(it, inter). */
    private static final long TIMEOUT_CONNECT_MS = 5_000;
    /**
     * What the measured time may exceed the bound by: it starts at the lost node's last answer (the node dies a
     * moment later) and ends when this test's poll sees DOWN, and HAProxy's four check timers and the poll run
     * late by tens of ms each on our loaded 2 cores (measured 2,064 ms once against a bound of 2,000).
     */
    private static final long TIMER_ALLOWANCE_MS = 250;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A container on the overlay, on either node, reaches HAProxy's frontend and none of its control ports. */
    @Test
    @Order(1)
    void theOverlayReachesTheFrontendAndNotTheControlPlane() throws Exception {
        // the generated frontend exists once a pool has a route: 503 while the pool has no server
        sendSpec("trust-" + id(), new PoolSpec.Route(List.of("trust.test"), List.of(), false));
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> status(HaproxyOnSwarm.frontendUrl() + "/"), is(503));
        String haproxy = HaproxyOnSwarm.haproxyOnData();
        String control = HaproxyOnSwarm.CONTROL_ADDRESS;
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        int kafkaPort = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        List<String> closed = List.of(haproxy + ":" + HaproxyContainer.STATS_PORT,
                haproxy + ":" + HaproxyContainer.ADMIN_PORT, haproxy + ":" + HaproxyContainer.MASTER_PORT,
                control + ":" + HaproxyContainer.HTTP_PORT, control + ":" + HaproxyContainer.STATS_PORT,
                control + ":" + HaproxyContainer.ADMIN_PORT, control + ":" + HaproxyContainer.MASTER_PORT,
                HaproxyOnSwarm.HOST_END + ":" + kafkaPort);
        List<String> targets = new ArrayList<>(List.of(haproxy + ":" + HaproxyContainer.HTTP_PORT));
        targets.addAll(closed);
        List<String> expected = new ArrayList<>(List.of(haproxy + ":" + HaproxyContainer.HTTP_PORT + " open"));
        closed.forEach(t -> expected.add(t + " closed"));

        for (PrivateNode node : List.of(HaproxyOnSwarm.swarm().manager(), HaproxyOnSwarm.swarm().worker())) {
            assertThat(SwarmApps.connect(node, targets), is(expected));
        }
        // the same ports answer on the control address, from the host: closed above for the overlay only
        assertThat(status(HaproxyOnSwarm.statsUrl()), is(200));
    }

    @Test
    @Order(2)
    void aLostNodesInstancesLeaveHaproxyWithinTheChecksAndNothingIsOrphanedWhenItReturns() throws Exception {
        String pool = "swarm-" + id();
        sendSpec(pool, new PoolSpec.Route(List.of(), List.of(), true));
        PrivateSwarm swarm = HaproxyOnSwarm.swarm();
        List<App> onManager = List.of(SwarmApps.start(pool, id(), swarm.manager()),
                SwarmApps.start(pool, id(), swarm.manager()));
        List<App> onWorker = List.of(SwarmApps.start(pool, id(), swarm.worker()),
                SwarmApps.start(pool, id(), swarm.worker()));
        List<App> all = Stream.concat(onManager.stream(), onWorker.stream()).toList();
        membership(pool, 1, all);
        awaitServing(pool, all);

        Map<String, Long> workerAnswered = new ConcurrentHashMap<>();
        Set<String> workerHosts = hostnames(onWorker);
        try (SteadyLoad load = new SteadyLoad(HaproxyOnSwarm.frontendUrl() + "/", 4, host -> {
            if (workerHosts.contains(host)) {
                workerAnswered.put(host, System.nanoTime());
            }
        })) {
            await().atMost(TIMEOUT).until(() -> workerHosts.stream().allMatch(h -> load.servedBy(h) > 10));
            long servedBefore = load.succeeded();
            stopWorkerAndAwaitDown(pool, onWorker, workerAnswered);

            // as the provisioner replaces them: a new instance on the node left, the lost ones out of the membership
            App replacement = SwarmApps.start(pool, id(), swarm.manager());
            List<App> left = Stream.concat(onManager.stream(), Stream.of(replacement)).toList();
            membership(pool, 2, left);
            await().atMost(TIMEOUT).until(() -> serverNames(pool), is(names(pool, left)));
            await().atMost(TIMEOUT).until(() -> status(pool, replacement), startsWith("UP"));
            await().atMost(TIMEOUT).until(() -> load.servedBy(replacement.hostname()) > 10);
            System.out.printf("SWARM-LB load through the node loss and the replacement: %d requests served, %d"
                    + " failed %s, slowest %d ms%n", load.succeeded() - servedBefore, load.failures().size(),
                    load.failures(), load.slowest().toMillis());
            onWorker.forEach(SwarmApps::remove);

            swarm.worker().start();
            await().atMost(TIMEOUT).until(() -> workerReady(swarm));
            await().atMost(TIMEOUT).until(() -> SwarmApps.containersOn(swarm.worker(), onWorker), empty());
            // a few resync passes (2 s each) with the node back: the lost instances stay gone everywhere
            await().during(Duration.ofSeconds(6)).atMost(TIMEOUT)
                    .until(() -> serverNames(pool).equals(names(pool, left))
                            && left.stream().allMatch(app -> status(pool, app).startsWith("UP")));
            for (String server : names(pool, onWorker)) {
                for (String file : List.of("pools.cfg", "server-state")) {
                    assertThat(file + " names " + server, mentions(HaproxyOnSwarm.generated(file), server), is(false));
                }
                assertThat("runtime state names " + server, mentions(haproxy().serversState(), server), is(false));
            }

            // and the node serves again: a new instance there joins and answers through the frontend
            App back = SwarmApps.start(pool, id(), swarm.worker());
            List<App> finalSet = Stream.concat(left.stream(), Stream.of(back)).toList();
            membership(pool, 3, finalSet);
            await().atMost(TIMEOUT).until(() -> status(pool, back), startsWith("UP"));
            await().atMost(TIMEOUT).until(() -> load.servedBy(back.hostname()) > 10);
            System.out.printf("SWARM-LB whole test: %d requests served, %d failed%n", load.succeeded(),
                    load.failures().size());
            assertThat(serverNames(pool), is(names(pool, finalSet)));
        }
    }

    // --- helpers

    /** Every instance UP, in pools.cfg and server-state, and answering through the frontend. */
    private static void awaitServing(String pool, List<App> apps) throws Exception {
        apps.forEach(app -> await().atMost(TIMEOUT).until(() -> status(pool, app), startsWith("UP")));
        for (String file : List.of("pools.cfg", "server-state")) {
            await().atMost(TIMEOUT)
                    .until(() -> names(pool, apps).stream().allMatch(n -> mentions(HaproxyOnSwarm.generated(file), n)));
        }
        Set<String> answered = new HashSet<>();
        await().atMost(TIMEOUT).until(() -> {
            answered.add(servedBy(HaproxyOnSwarm.frontendUrl() + "/"));
            return answered.containsAll(hostnames(apps));
        });
    }

    /**
     * Stops the worker's engine and measures how long after the last answer of one of its instances HAProxy has
     * them all DOWN. A lost node answers nothing, not even a reset: each of the fall checks waits out its connect
     * timeout (min(inter, timeout connect)), and the next starts inter after the last one ended.
     */
    private static void stopWorkerAndAwaitDown(String pool, List<App> onWorker, Map<String, Long> answeredAt)
            throws Exception {
        long stopAsked = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> stopEngine(HaproxyOnSwarm.swarm().worker()));
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> onWorker.stream().allMatch(app -> status(pool, app).startsWith("DOWN")));
        long down = System.nanoTime();
        stopping.get();
        long lastAnswer = answeredAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long checkTimeout = Math.min(CHECKS.intervalMs(), TIMEOUT_CONNECT_MS);
        long bound = CHECKS.fall() * (CHECKS.intervalMs() + checkTimeout);
        long measured = Duration.ofNanos(down - lastAnswer).toMillis();
        System.out.printf("SWARM-LB worker's servers DOWN %d ms after the last answer of one of them, %d ms after"
                + " the engine's stop was asked; bound fall %d x (inter %d ms + a check's connect timeout %d ms)"
                + " = %d ms (+ %d ms allowed for timers on a busy machine); their last checks: %s%n", measured,
                Duration.ofNanos(down - stopAsked).toMillis(), CHECKS.fall(), CHECKS.intervalMs(), checkTimeout,
                bound, TIMER_ALLOWANCE_MS, onWorker.stream().map(app -> lastCheck(pool, app)).toList());
        assertThat("worker's servers DOWN after their last answer (ms)", measured,
                lessThanOrEqualTo(bound + TIMER_ALLOWANCE_MS));
    }

    private static void stopEngine(PrivateNode node) {
        try {
            node.stopEngine();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean workerReady(PrivateSwarm swarm) {
        String id = swarm.worker().client().infoCmd().exec().getSwarm().getNodeID();
        return swarm.manager().client().listSwarmNodesCmd().withIdFilter(List.of(id)).exec().stream()
                .anyMatch(n -> "ready".equalsIgnoreCase(n.getStatus().getState().name()));
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private static void sendSpec(String pool, PoolSpec.Route route) {
        kafka().send(Topics.POOLS, pool, new PoolSpec(pool, "autoscaler/demo-app:latest", SwarmApps.PORT, null,
                PrivateSwarm.DATA_NETWORK, null, 1, 10, CHECKS, null, new PoolSpec.Drain(20_000L), null, null,
                Timestamps.now(), route, "roundrobin", "off", 0, 0L));
    }

    /** As the provisioner publishes it in swarm mode: each instance's service id and its task's overlay address. */
    private static void membership(String pool, long generation, List<App> apps) {
        List<PoolMembership.Instance> instances = apps.stream().map(app -> new PoolMembership.Instance(
                app.instanceId(), app.serviceId(), app.address(), SwarmApps.PORT, PoolMembership.State.RUNNING,
                Timestamps.now())).toList();
        kafka().send(Topics.MEMBERSHIP, pool,
                new PoolMembership(pool, generation, instances.size(), instances, Timestamps.now()));
    }

    private static Haproxy haproxy() {
        return new Haproxy(adminSocket());
    }

    private static SocketRuntimeApi adminSocket() {
        return SocketRuntimeApi.of("tcp://" + HaproxyOnSwarm.CONTROL_ADDRESS + ":" + HaproxyContainer.ADMIN_PORT,
                Duration.ofSeconds(5));
    }

    private static String status(String pool, App app) {
        return stat(pool, app).getOrDefault("status", "absent");
    }

    /** HAProxy's {@code check_status} and {@code check_duration} of the instance's server, e.g. "L4TOUT 500 ms". */
    private static String lastCheck(String pool, App app) {
        Map<String, String> stat = stat(pool, app);
        return stat.get("check_status") + " " + stat.get("check_duration") + " ms";
    }

    /** The instance's server's row of {@code show stat}, by column (empty when absent): one runtime API call. */
    private static Map<String, String> stat(String pool, App app) {
        String[] lines = adminSocket().send("show stat -1 4 -1").split("\n");
        List<String> header = List.of(lines[0].substring(2).split(",", -1));
        for (String line : lines) {
            String[] f = line.split(",", -1);
            if (f.length == header.size() && f[0].equals(pool) && f[1].equals(pool + "-" + app.instanceId())) {
                return java.util.stream.IntStream.range(0, f.length).boxed()
                        .collect(Collectors.toMap(header::get, i -> f[i], (a, b) -> a));
            }
        }
        return Map.of();
    }

    private static Set<String> serverNames(String pool) {
        return haproxy().backend(pool).servers().stream().map(Backend.Server::name).collect(Collectors.toSet());
    }

    private static Set<String> names(String pool, List<App> apps) {
        return apps.stream().map(app -> pool + "-" + app.instanceId()).collect(Collectors.toSet());
    }

    private static Set<String> hostnames(List<App> apps) {
        return apps.stream().map(App::hostname).collect(Collectors.toSet());
    }

    /** Whether {@code text} names the server {@code name} (not merely a longer name starting with it). */
    private static boolean mentions(String text, String name) {
        return java.util.regex.Pattern.compile("(?<![\\w-])" + java.util.regex.Pattern.quote(name) + "(?![\\w-])")
                .matcher(text).find();
    }

    private static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String servedBy(String url) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        java.util.regex.Matcher host = java.util.regex.Pattern.compile("\"host\":\"([^\"]+)\"").matcher(body);
        return host.find() ? host.group(1) : "none";
    }

    private static io.autoscaler.testing.KafkaRecords kafka() {
        return KafkaBroker.shared().records();
    }
}
