package io.autoscaler.provisioner;

import static io.autoscaler.provisioner.Pools.DOCKER;
import static io.restassured.RestAssured.given;
import static io.autoscaler.provisioner.Pools.TIMEOUT;
import static io.autoscaler.provisioner.Pools.containers;
import static io.autoscaler.provisioner.Pools.decide;
import static io.autoscaler.provisioner.Pools.inState;
import static io.autoscaler.provisioner.Pools.instanceEvents;
import static io.autoscaler.provisioner.Pools.instanceOf;
import static io.autoscaler.provisioner.Pools.kafka;
import static io.autoscaler.provisioner.Pools.running;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;

import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.InstanceEvent;
import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolMembership.State;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.KafkaTestResource;
import io.autoscaler.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The provisioner against the real Docker engine and Kafka, with the demo app as the pool's image. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PoolNetwork.class)
class ProvisionerTest {
    @Inject
    Provisioner provisioner;
    private static String networkName;
    private final List<String> pools = new ArrayList<>();
    private final List<String> foreign = new ArrayList<>();

    @BeforeAll
    static void poolNetwork() {
        networkName = PoolNetwork.name;
    }

    @AfterEach
    void removeWhatTheTestStarted() {
        pools.forEach(Pools::removeAll);
        for (String id : foreign) {
            try {
                DOCKER.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException e) {
                // already removed with the pool's containers
            }
        }
    }

    private String pool() {
        String pool = Pools.uniquePool();
        pools.add(pool);
        return pool;
    }

    @Test
    void scalesUpWithLabelledLimitedContainersThenDownThroughTheDrainHandshake() {
        String pool = pool();
        Pools.create(Pools.spec(pool, networkName, 0, 5));
        decide(pool, 5, true); // dry run: logged and ignored
        decide(pool, 2, false);

        List<PoolMembership.Instance> up = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> inState(pool, State.RUNNING), hasSize(2));
        assertThat(running(pool), hasSize(2));
        for (PoolMembership.Instance instance : up) {
            InspectContainerResponse c = DOCKER.inspectContainerCmd(instance.containerId()).exec();
            assertThat(c.getName(), is("/" + Naming.serverName(pool, instance.instanceId())));
            assertThat(instance.instanceId().matches("[0-9a-f]{8}"), is(true));
            assertThat(c.getConfig().getLabels(), allOf(hasEntry(Naming.LABEL_MANAGED, "true"),
                    hasEntry(Naming.LABEL_STACK, Pools.STACK_ID), hasEntry(Naming.LABEL_POOL, pool), hasEntry(Naming.LABEL_INSTANCE, instance.instanceId())));
            assertThat(c.getHostConfig().getNanoCPUs(), is(500_000_000L));
            assertThat(c.getHostConfig().getMemory(), is(128L * 1024 * 1024));
            assertThat(List.of(c.getConfig().getEnv()).contains("APP_MESSAGE=hello"), is(true));
            assertThat(instance.host(), is(c.getNetworkSettings().getNetworks().get(networkName).getIpAddress()));
            assertThat(instance.port(), is(8080));
        }
        assertThat(instanceEvents(pool, InstanceEvent.State.LAUNCHED), hasSize(2));
        assertThat(instanceEvents(pool, InstanceEvent.State.RUNNING), hasSize(2));
        given().accept("text/plain").get("/q/metrics").then().statusCode(200)
                .body(matchesRegex("(?s).*autoscaler_provisioner_instances_total\\{pool=\"" + pool
                        + "\",state=\"RUNNING\",?} 2\\.0.*"))
                .body(matchesRegex("(?s).*autoscaler_provisioner_time_to_running_seconds_count\\{pool=\"" + pool
                        + "\",?} 2\\.0.*"))
                .body(matchesRegex("(?s).*autoscaler_pool_instances\\{pool=\"" + pool + "\",state=\"RUNNING\",?} 2\\.0.*"));

        // The newest instance is the busier one: fewest sessions outranks newest when picking the victim.
        List<PoolMembership.Instance> byAge = up.stream().sorted(Comparator.comparing(PoolMembership.Instance::startedAt)
                .thenComparing(PoolMembership.Instance::instanceId)).toList();
        kafka().send(Topics.METRICS_HAPROXY, pool, new HaproxySnapshot(pool, pool, Timestamps.now(), List.of(
                server(pool, byAge.get(0).instanceId(), 0), server(pool, byAge.get(1).instanceId(), 5)), null));
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> provisionerSawSessions(pool));
        decide(pool, 1, false);
        PoolMembership.Instance victim = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> inState(pool, State.DRAINING), hasSize(1)).get(0);
        assertThat("the instance with the fewest sessions is retired", victim.instanceId(),
                is(byAge.get(0).instanceId()));
        assertThat("a draining container keeps running until DRAINED", running(pool), hasSize(2));
        given().accept("text/plain").get("/q/metrics").then()
                .body(matchesRegex("(?s).*autoscaler_pool_instances\\{pool=\"" + pool + "\",state=\"DRAINING\",?} 1\\.0.*"))
                .body(matchesRegex("(?s).*autoscaler_pool_instances\\{pool=\"" + pool + "\",state=\"RUNNING\",?} 1\\.0.*"));

        Pools.drained(pool, victim.instanceId());
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> containers(pool), hasSize(1));
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> instanceEvents(pool, InstanceEvent.State.TERMINATED), hasSize(1));
        PoolMembership after = Pools.membership(pool);
        assertThat(after.desiredReplicas(), is(1));
        assertThat(after.instances().stream().map(PoolMembership.Instance::instanceId).toList(),
                not(List.of(victim.instanceId())));
        assertThat(after.instances(), hasSize(1));
        assertThat("the dry run never launched", instanceEvents(pool, InstanceEvent.State.LAUNCHED), hasSize(2));
    }

    private static HaproxySnapshot.Server server(String pool, String instanceId, int sessions) {
        return new HaproxySnapshot.Server(Naming.serverName(pool, instanceId), instanceId, "UP", sessions, 0, 0, 0,
                "L7OK", 1);
    }

    /** The snapshot is read from the latest offset, asynchronously: wait until the loop has it. */
    private boolean provisionerSawSessions(String pool) {
        return provisioner.sessionsKnown(pool);
    }

    @Test
    void aContainerThatDiesIsReplaced() {
        String pool = pool();
        Pools.create(Pools.spec(pool, networkName, 1, 3));
        PoolMembership.Instance first = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> inState(pool, State.RUNNING), hasSize(1)).get(0);

        DOCKER.killContainerCmd(first.containerId()).exec();

        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(
                () -> instanceEvents(pool, InstanceEvent.State.FAILED).stream()
                        .anyMatch(e -> e.instanceId().equals(first.instanceId())));
        PoolMembership.Instance second = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> inState(pool, State.RUNNING), hasSize(1)).get(0);
        assertThat(second.instanceId(), not(first.instanceId()));
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(
                () -> containers(pool).stream().map(Pools::instanceOf).collect(Collectors.toSet()),
                is(Set.of(second.instanceId())));
    }

    @Test
    void replaceStartsTheSubstituteBeforeRetiringTheBadInstance() {
        String pool = pool();
        Pools.create(Pools.spec(pool, networkName, 1, 3));
        PoolMembership.Instance bad = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> inState(pool, State.RUNNING), hasSize(1)).get(0);

        Pools.replace(pool, 1, bad.instanceId());

        PoolMembership m = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(
                () -> Pools.membership(pool), mb -> mb.instances().stream().anyMatch(
                        i -> i.instanceId().equals(bad.instanceId()) && i.state() == State.DRAINING));
        assertThat("the substitute runs before the bad one drains", m.instances().stream()
                .filter(i -> i.state() == State.RUNNING && !i.instanceId().equals(bad.instanceId())).count(), is(1L));
        Pools.drained(pool, bad.instanceId());
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> containers(pool), hasSize(1));
    }

    @Test
    void aNewEnvRollsThePoolOneInstanceAtATimeWithItsSubstituteRunningFirst() {
        String pool = pool();
        PoolSpec first = Pools.spec(pool, networkName, 2, 3);
        Pools.create(first);
        Set<String> old = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> inState(pool, State.RUNNING), hasSize(2)).stream()
                .map(PoolMembership.Instance::instanceId).collect(Collectors.toSet());
        long lastGenerationBefore = Pools.membership(pool).generation();

        Pools.create(new PoolSpec(pool, first.image(), first.port(), Map.of("APP_MESSAGE", "rolled"), networkName,
                null, 2, 3, first.healthCheck(), null, first.drain(), first.resources(), false, Timestamps.now()));

        // The configurator's part is played here: each old instance is DRAINED once it drains.
        for (int rolled = 0; rolled < 2; rolled++) {
            PoolMembership.Instance draining = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> inState(pool, State.DRAINING), hasSize(1)).get(0);
            assertThat(old.contains(draining.instanceId()), is(true));
            Pools.drained(pool, draining.instanceId());
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> instanceEvents(pool,
                    InstanceEvent.State.TERMINATED).stream().anyMatch(e -> e.instanceId().equals(draining.instanceId())));
        }

        List<Container> now = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> running(pool), hasSize(2));
        for (Container c : now) {
            assertThat(old.contains(instanceOf(c)), is(false));
            assertThat(List.of(DOCKER.inspectContainerCmd(c.getId()).exec().getConfig().getEnv()),
                    hasItem("APP_MESSAGE=rolled"));
        }
        List<PoolMembership> during = Pools.memberships(pool).stream()
                .filter(m -> m.generation() > lastGenerationBefore).toList();
        assertThat(during, not(empty()));
        for (PoolMembership m : during) {
            assertThat("never fewer than 2 RUNNING while rolling (generation " + m.generation() + ")",
                    m.instances().stream().filter(i -> i.state() == State.RUNNING).count(), greaterThanOrEqualTo(2L));
            assertThat("one instance rolled at a time (generation " + m.generation() + ")",
                    m.instances().stream().filter(i -> i.state() != State.RUNNING).count(), lessThanOrEqualTo(2L));
        }
        assertThat("the replica bounds did not change: the desired count stayed 2",
                instanceEvents(pool, InstanceEvent.State.LAUNCHED), hasSize(4));
    }

    @Test
    void aForeignContainerIsNeverTouchedAndADeletedPoolIsDrainedAndRemoved() {
        String pool = pool();
        // Named like an instance of the pool and labelled with it, but without io.autoscaler.managed.
        String impostor = DOCKER.createContainerCmd(TestImages.demoApp().asCanonicalNameString())
                .withName(Naming.serverName(pool, "0badf00d")).withLabels(Map.of(Naming.LABEL_POOL, pool))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode(networkName))
                .exec().getId();
        foreign.add(impostor);
        DOCKER.startContainerCmd(impostor).exec();
        Pools.create(Pools.spec(pool, networkName, 1, 3));
        PoolMembership.Instance ours = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> inState(pool, State.RUNNING), hasSize(1)).get(0);
        Pools.drained(pool, "0badf00d"); // a DRAINED naming the impostor changes nothing

        kafka().send(Topics.POOLS, pool, null);
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> inState(pool, State.DRAINING), hasSize(1));
        Pools.drained(pool, ours.instanceId());
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(
                () -> containers(pool).stream().map(Container::getId).toList(), is(List.of(impostor)));
        assertThat(DOCKER.inspectContainerCmd(impostor).exec().getState().getRunning(), is(true));
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> Pools.membership(pool).instances(), empty());
        // Issue 13 e: once its containers are gone, its membership is tombstoned and the loop forgets the pool.
        ConsumerRecord<String, byte[]> tombstone = kafka().await(Topics.MEMBERSHIP,
                r -> pool.equals(r.key()) && r.value() == null, TIMEOUT);
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> provisioner.tracks(pool), is(false));

        // created again, the pool starts clean: its memberships count from generation 1 again
        Pools.create(Pools.spec(pool, networkName, 1, 3));
        ConsumerRecord<String, byte[]> first = kafka().await(Topics.MEMBERSHIP,
                r -> pool.equals(r.key()) && r.offset() > tombstone.offset() && r.value() != null, TIMEOUT);
        assertThat(EventJson.decode(first.value(), PoolMembership.class).generation(), is(1L));
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> inState(pool, State.RUNNING),
                hasSize(1));
    }

    @Test
    void aMissingImageGivesFailedEventsWithDockersMessageAndBacksOff() {
        String pool = pool();
        Pools.create(Pools.spec(pool, "autoscaler/no-such-image:" + UUID.randomUUID().toString().substring(0, 8),
                networkName, 1, 1));
        List<InstanceEvent> failed = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> instanceEvents(pool, InstanceEvent.State.FAILED), hasSize(greaterThanOrEqualTo(2)));
        assertThat(failed.get(0).reason(), containsString("No such image"));
        assertThat("retried after a backoff, not in a storm",
                Duration.between(failed.get(0).timestamp(), failed.get(1).timestamp()).toMillis(),
                is(greaterThanOrEqualTo(900L)));
        assertThat(containers(pool), empty());
    }

    @Test
    void malformedOrMisaddressedDecisionsGoToTheDeadLetterTopic() {
        String broken = Pools.uniquePool();
        String misaddressed = Pools.uniquePool();
        kafka().sendRaw(Topics.SCALE_EVENTS, broken, "{\"pool\": \"" + broken + "\", \"desiredReplicas\": \"many\"");
        kafka().sendRaw(Topics.SCALE_EVENTS, misaddressed, "{\"id\": \"" + UUID.randomUUID() + "\", \"pool\": \"other\","
                + " \"type\": \"SCALE\", \"currentReplicas\": 0, \"desiredReplicas\": 1, \"dryRun\": false, \"timestamp\": \"2026-01-01T00:00:00.000Z\"}");

        ConsumerRecord<String, byte[]> rejected = kafka().await(Topics.DEAD_LETTER, r -> broken.equals(r.key()),
                TIMEOUT);
        assertThat(KafkaRecords.header(rejected, "dead-letter-topic"), is(Topics.SCALE_EVENTS));
        ConsumerRecord<String, byte[]> nacked = kafka().await(Topics.DEAD_LETTER, r -> misaddressed.equals(r.key()),
                TIMEOUT);
        assertThat(KafkaRecords.header(nacked, "dead-letter-reason"), containsString("under key"));
        // the channel goes on: a good decision afterwards still scales a pool
        String pool = pool();
        Pools.create(Pools.spec(pool, networkName, 0, 2));
        decide(pool, 1, false);
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> inState(pool, State.RUNNING),
                hasSize(1));
    }
}
