package io.autoscaler.lbconfigurator;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolMembership.Instance;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.lbconfigurator.haproxy.Backend;
import io.autoscaler.lbconfigurator.haproxy.Commands;
import io.autoscaler.lbconfigurator.haproxy.ServerRef;
import io.autoscaler.testing.DemoAppContainer;
import io.autoscaler.testing.HaproxyContainer;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaRecords;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The configurator against a real HAProxy 2.6 and real demo-app containers, driven through Kafka
 * as the provisioner would drive it.
 */
@QuarkusTest
@WithTestResource(HaproxyStack.class)
class ConfiguratorTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** A container id for instances no container stands behind. */
    static final String CONTAINER = "0123456789ab";
    static final PoolSpec.HealthCheck CHECKS = new PoolSpec.HealthCheck("/health", 500, 3, 2, null, null);

    private final List<DemoAppContainer> apps = new ArrayList<>();
    private static final List<String> pools = new CopyOnWriteArrayList<>();
    private static final java.util.Map<String, String> backends = new java.util.concurrent.ConcurrentHashMap<>();

    /** Empties every pool of the test (its servers go) and stops its apps. */
    @AfterEach
    void cleanUp() {
        pools.forEach(pool -> membership(pool, Long.MAX_VALUE));
        pools.clear();
        apps.forEach(DemoAppContainer::stop);
    }

    /** Probed ready by the provisioner, a new instance serves at once: no rise checks awaited. */
    @Test
    void aNewServerJoinsUpAtOnce() throws Exception {
        String pool = newPool("web");
        DemoAppContainer a = app();
        DemoAppContainer b = app();
        String idA = instanceId();
        String idB = instanceId();
        membership(pool, 1, running(idA, a));
        awaitEvent(pool, LbEvent.State.UP, idA);

        String serverB = pool + "-" + idB;
        try (SteadyLoad load = new SteadyLoad(HaproxyStack.frontend(HaproxyContainer.HTTP_PORT) + "/", 4, host -> {
        })) {
            membership(pool, 2, running(idA, a), running(idB, b));
            awaitEvent(pool, LbEvent.State.ADDED, idB);
            String statusWhenAdded = status("web", serverB);
            awaitEvent(pool, LbEvent.State.UP, idB);
            await().atMost(TIMEOUT).until(() -> load.servedBy(hostname(b)) > 20);
            assertThat(load.failures(), is(empty()));
            assertThat("UP at once, not after " + CHECKS.rise() + " checks", statusWhenAdded, startsWith("UP"));
        }
    }

    /** Joining UP does not stop the checks: an instance that fails them is taken out within fall x inter. */
    @Test
    void aNewServerThatFailsItsChecksIsTakenOut() {
        String pool = newPool("spare");
        String id = instanceId();
        // nothing listens on port 9 inside HAProxy's container: every check is refused
        membership(pool, 1, new Instance(id, CONTAINER, "127.0.0.1", 9, PoolMembership.State.RUNNING, null));
        LbEvent added = awaitEvent(pool, LbEvent.State.ADDED, id);
        LbEvent down = awaitEvent(pool, LbEvent.State.DOWN, id);
        long bound = (long) CHECKS.fall() * CHECKS.intervalMs() + 5_000; // + a resync pass and slack
        assertThat(Duration.between(added.timestamp(), down.timestamp()).toMillis(), lessThan(bound));
        awaitMetrics(matchesRegex("(?s).*autoscaler_pool_servers\\{pool=\"" + pool + "\",state=\"DOWN\",?} 1\\.0.*"));
    }

    private static void awaitMetrics(org.hamcrest.Matcher<String> matching) {
        await().atMost(TIMEOUT).untilAsserted(() -> io.restassured.RestAssured.given().get("/q/metrics").then()
                .statusCode(200).body(matching));
    }

    @Test
    void aDrainUnderConstantLoadLosesNoRequest() throws Exception {
        String pool = newPool("drain");
        DemoAppContainer a = app();
        DemoAppContainer b = app();
        String idA = instanceId();
        String idB = instanceId();
        membership(pool, 1, running(idA, a), running(idB, b));
        awaitEvent(pool, LbEvent.State.UP, idA);
        awaitEvent(pool, LbEvent.State.UP, idB);

        try (SteadyLoad load = new SteadyLoad(HaproxyStack.frontend(HaproxyStack.DRAIN_PORT) + "/sleep?ms=300", 6,
                host -> {
                })) {
            await().atMost(TIMEOUT).until(() -> load.servedBy(hostname(b)) > 10);
            membership(pool, 2, running(idA, a), draining(idB, b));
            awaitEvent(pool, LbEvent.State.DRAINING, idB);
            LbEvent drained = awaitEvent(pool, LbEvent.State.DRAINED, idB);
            awaitEvent(pool, LbEvent.State.REMOVED, idB);
            b.stop(); // what the provisioner does on DRAINED
            long before = load.succeeded();
            await().atMost(TIMEOUT).until(() -> load.succeeded() > before + 30);
            assertThat(drained.sessions(), is(0));
            assertThat(load.failures(), is(empty()));
        }
        assertThat(serverNames("drain"), not(hasItem(pool + "-" + idB)));
    }

    @Test
    void aDrainStartedBeforeTheConfiguratorRestartedIsFinished() {
        String pool = newPool("spare");
        DemoAppContainer a = app();
        String idA = instanceId();
        membership(pool, 1, running(idA, a));
        awaitEvent(pool, LbEvent.State.ADDED, idA);
        // as if an earlier configurator had started the drain and then died
        HaproxyStack.runtimeApi().run(Commands.drain(new ServerRef("spare", pool + "-" + idA)));
        membership(pool, 2, draining(idA, a));
        awaitEvent(pool, LbEvent.State.DRAINED, idA);
        awaitEvent(pool, LbEvent.State.REMOVED, idA);
        assertThat(serverNames("spare"), not(hasItem(pool + "-" + idA)));
    }

    @Test
    void afterAnHaproxyRestartEveryServerIsBackWithinFiveSeconds() {
        String pool = newPool("restart");
        DemoAppContainer a = app();
        DemoAppContainer b = app();
        String idA = instanceId();
        String idB = instanceId();
        membership(pool, 1, running(idA, a), running(idB, b));
        awaitEvent(pool, LbEvent.State.ADDED, idA);
        awaitEvent(pool, LbEvent.State.ADDED, idB);

        HaproxyStack.restartHaproxy();
        Instant restarted = Instant.now();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> serverNames("restart").containsAll(List.of(pool + "-" + idA, pool + "-" + idB)));
        System.out.printf("servers back %d ms after the HAProxy restart%n",
                Duration.between(restarted, Instant.now()).toMillis());
        LbEvent resynced = awaitEvent(pool, LbEvent.State.HAPROXY_RESYNCED, null);
        assertThat(resynced.reason(), containsString("restart"));
        await().atMost(TIMEOUT).until(() -> status("restart", pool + "-" + idA).startsWith("UP")
                && status("restart", pool + "-" + idB).startsWith("UP"));
    }

    @Test
    void aBackendOfTheBaseFileThatCannotTakeRuntimeServersGetsOneErrorNotAStorm() {
        String hashed = newPool("hashed");
        membership(hashed, 1, new Instance(instanceId(), CONTAINER, "127.0.0.1", 9, PoolMembership.State.RUNNING, null));

        LbEvent notDynamic = awaitEvent(hashed, LbEvent.State.ERROR, null);
        assertThat(notDynamic.reason(), containsString("source"));
        // several resync passes later, still one
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30)).until(() -> errors(hashed) == 1);
    }

    /** A backend the base file does not declare is generated: pools.cfg, a reload, then its servers. */
    @Test
    void aPoolWhoseBackendTheBaseFileLacksGetsAGeneratedOne() throws Exception {
        String pool = newPool("gen-" + instanceId());
        String backend = catalogBackend(pool);
        DemoAppContainer a = app();
        String id = instanceId();
        membership(pool, 1, running(id, a));
        assertThat(awaitEvent(pool, LbEvent.State.CONFIG_APPLIED, null).reason(), containsString("reload"));
        awaitEvent(pool, LbEvent.State.UP, id);
        assertThat(serverNames(backend), hasItem(pool + "-" + id));
        // and the file holds the server, for a restart
        await().atMost(TIMEOUT).until(() -> poolsFile().contains("server " + pool + "-" + id + " " + a.ipAddress()));
        assertThat(poolsFile(), containsString("option httpchk GET /health"));
    }

    /**
     * A configuration HAProxy refuses is never applied: here a route makes a frontend {@code web}, which
     * the base file already declares. The previous configuration stays live and an event says why.
     */
    @Test
    void aConfigurationHaproxyRefusesIsNotApplied() throws Exception {
        String pool = "t-" + instanceId();
        PoolSpec routed = spec(pool, pool).withRoute(new PoolSpec.Route(List.of(pool + ".test"), null, null));
        String before = poolsFile();
        kafka().send(Topics.POOLS, pool, routed);
        try {
            LbEvent refused = awaitEvent(pool, LbEvent.State.CONFIG_REFUSED, null);
            assertThat(refused.reason(), containsString("frontend 'web' has the same name"));
            assertThat(refused.reason(), containsString("previous one stays live"));
            assertThat(poolsFile(), is(before));
            assertThat(HaproxyStack.frontendStatus("web"), is("OPEN"));
            assertThat(HaproxyStack.runtimeApi().stats().stream().map(r -> r.backend()).toList(), not(hasItem(pool)));
        } finally {
            kafka().send(Topics.POOLS, pool, null);
        }
    }

    @Test
    void aMembershipWithAnImpossiblePortIsDeadLetteredAndNeverSent() {
        String pool = newPool("spare");
        String id = instanceId();
        membership(pool, 1, new Instance(id, CONTAINER, "127.0.0.1", 99999, PoolMembership.State.RUNNING, null));

        ConsumerRecord<String, byte[]> rejected = deadLettered(pool);
        assertThat(KafkaRecords.header(rejected, "dead-letter-reason"), containsString("instances[0].port"));
        assertThat(serverNames("spare"), not(hasItem(pool + "-" + id)));
        assertThat(errors(pool), is(0L));
    }

    /**
     * The record of issue 11: an instance whose host carries more runtime commands. It goes to the
     * dead-letter topic, HAProxy's frontend stays OPEN, and a valid membership after it is applied.
     */
    @Test
    void aForgedAddressNeverReachesHaproxyAndTheConsumerGoesOn() {
        String pool = newPool("web");
        DemoAppContainer a = app();
        String id = instanceId();
        String forged = a.ipAddress() + " check; disable frontend web; show info";
        membership(pool, 1, new Instance(id, a.getContainerId(), forged, DemoAppContainer.PORT,
                PoolMembership.State.RUNNING, Timestamps.now()));

        ConsumerRecord<String, byte[]> rejected = deadLettered(pool);
        assertThat(KafkaRecords.header(rejected, "dead-letter-reason"), containsString("instances[0].host"));
        assertThat(KafkaRecords.header(rejected, "dead-letter-reason"), containsString("IPv4 or IPv6"));
        membership(pool, 2, running(id, a));
        awaitEvent(pool, LbEvent.State.UP, id);
        assertThat(HaproxyStack.frontendStatus("web"), is("OPEN"));
    }

    @Test
    void aDeletedPoolLosesItsServers() {
        String pool = newPool("spare");
        String id = instanceId();
        membership(pool, 1, new Instance(id, CONTAINER, "127.0.0.1", 9, PoolMembership.State.RUNNING, null));
        awaitEvent(pool, LbEvent.State.ADDED, id);
        awaitMetrics(containsString("autoscaler_pool_servers{pool=\"" + pool + "\""));
        kafka().send(Topics.POOLS, pool, null);
        kafka().send(Topics.MEMBERSHIP, pool, null);
        awaitEvent(pool, LbEvent.State.REMOVED, id);
        assertThat(serverNames("spare"), not(hasItem(pool + "-" + id)));
        awaitMetrics(not(containsString("autoscaler_pool_servers{pool=\"" + pool + "\"")));
    }

    @Test
    void malformedMembershipRecordsGoToTheDeadLetterTopic() {
        String broken = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String mismatched = "t-" + UUID.randomUUID().toString().substring(0, 8);
        kafka().sendRaw(Topics.MEMBERSHIP, broken, "{\"pool\": \"" + broken + "\", \"instances\": [");
        kafka().send(Topics.MEMBERSHIP, mismatched, new PoolMembership("someone-else", 1, 1, List.of(), Timestamps.now()));

        ConsumerRecord<String, byte[]> unreadable = kafka().await(Topics.DEAD_LETTER, r -> broken.equals(r.key()),
                TIMEOUT);
        assertThat(KafkaRecords.header(unreadable, "dead-letter-topic"), is(Topics.MEMBERSHIP));
        ConsumerRecord<String, byte[]> rejected = kafka().await(Topics.DEAD_LETTER, r -> mismatched.equals(r.key()),
                TIMEOUT);
        assertThat(KafkaRecords.header(rejected, "dead-letter-reason"), containsString("must equal the record key"));

        // and the channel keeps reading
        String pool = newPool("spare");
        String id = instanceId();
        DemoAppContainer a = app();
        membership(pool, 1, running(id, a));
        awaitEvent(pool, LbEvent.State.ADDED, id);
    }

    // --- helpers

    private static ConsumerRecord<String, byte[]> deadLettered(String pool) {
        return kafka().await(Topics.DEAD_LETTER, r -> pool.equals(r.key())
                && Topics.MEMBERSHIP.equals(KafkaRecords.header(r, "dead-letter-topic")), TIMEOUT);
    }

    private static KafkaRecords kafka() {
        return KafkaBroker.shared().records();
    }

    private static String newPool(String backend) {
        String pool = "t-" + UUID.randomUUID().toString().substring(0, 8);
        kafka().send(Topics.POOLS, pool, spec(pool, backend));
        pools.add(pool);
        backends.put(pool, backend);
        return pool;
    }

    private static PoolSpec spec(String pool, String backend) {
        return new PoolSpec(pool, "autoscaler/demo-app:latest", DemoAppContainer.PORT, null, null, backend,
                1, 10, CHECKS, null, new PoolSpec.Drain(20_000L), null, null, Timestamps.now());
    }

    private static String catalogBackend(String pool) {
        return backends.get(pool);
    }

    private static String poolsFile() throws java.io.IOException {
        java.nio.file.Path file = HaproxyStack.haproxy().generatedDir().resolve("pools.cfg");
        return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file) : "";
    }

    private static String instanceId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private DemoAppContainer app() {
        String alias = "app-" + instanceId();
        DemoAppContainer app = new DemoAppContainer().onNetwork(HaproxyStack.network(), alias)
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName(alias));
        apps.add(app);
        app.start();
        return app;
    }

    private static String hostname(DemoAppContainer app) {
        return app.getContainerInfo().getConfig().getHostName();
    }

    private static Instance running(String id, DemoAppContainer app) {
        return new Instance(id, app.getContainerId(), app.ipAddress(), DemoAppContainer.PORT,
                PoolMembership.State.RUNNING, Timestamps.now());
    }

    private static Instance draining(String id, DemoAppContainer app) {
        return new Instance(id, app.getContainerId(), app.ipAddress(), DemoAppContainer.PORT,
                PoolMembership.State.DRAINING, Timestamps.now());
    }

    private static void membership(String pool, long generation, Instance... instances) {
        kafka().send(Topics.MEMBERSHIP, pool,
                new PoolMembership(pool, generation, instances.length, Arrays.asList(instances), Timestamps.now()));
    }

    static LbEvent awaitEvent(String pool, LbEvent.State state, String instanceId) {
        return kafka().awaitEvent(Topics.LB_EVENTS, LbEvent.class, e -> e.pool().equals(pool) && e.state() == state
                && (instanceId == null || instanceId.equals(e.instanceId())), TIMEOUT);
    }

    private static long errors(String pool) {
        return kafka().readAll(Topics.LB_EVENTS).stream().filter(r -> pool.equals(r.key()) && r.value() != null)
                .map(r -> EventJson.decode(r.value(), LbEvent.class))
                .filter(e -> e.state() == LbEvent.State.ERROR).count();
    }

    private static String status(String backend, String server) {
        return HaproxyStack.runtimeApi().backend(backend).servers().stream().filter(s -> s.name().equals(server))
                .map(Backend.Server::status).findFirst().orElse("absent");
    }

    private static List<String> serverNames(String backend) {
        return HaproxyStack.runtimeApi().backend(backend).servers().stream().map(Backend.Server::name).toList();
    }
}
