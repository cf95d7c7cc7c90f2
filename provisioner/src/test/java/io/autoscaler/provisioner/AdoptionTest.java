package io.autoscaler.provisioner;

import static io.autoscaler.provisioner.Pools.TIMEOUT;
import static io.restassured.RestAssured.given;
import static io.autoscaler.provisioner.Pools.containers;
import static io.autoscaler.provisioner.Pools.inState;
import static io.autoscaler.provisioner.Pools.instanceEvents;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.InstanceEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolMembership.State;
import io.autoscaler.events.Topics;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A provisioner starting where a killed one left off (see {@link PreviousRun}). */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PreviousRun.class)
class AdoptionTest {

    @Test
    void adoptsItsContainersRestoresDrainingRemovesTheOrphanAndLaunchesOnlyWhatIsMissing() {
        String pool = PreviousRun.pool;
        List<PoolMembership.Instance> runningNow = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> inState(pool, State.RUNNING), hasSize(2));
        Set<String> ids = runningNow.stream().map(PoolMembership.Instance::instanceId).collect(Collectors.toSet());
        assertThat("the running instance is adopted, not relaunched", ids, hasItem(PreviousRun.RUNNING_ID));
        PoolMembership.Instance adopted = runningNow.stream()
                .filter(i -> i.instanceId().equals(PreviousRun.RUNNING_ID)).findFirst().orElseThrow();
        assertThat("its start time survives the restart", adopted.startedAt(), is(PreviousRun.STARTED_AT));
        assertThat(inState(pool, State.DRAINING).stream().map(PoolMembership.Instance::instanceId).toList(),
                is(List.of(PreviousRun.DRAINING_ID)));
        assertThat(Pools.membership(pool).generation(), greaterThan(PreviousRun.GENERATION));
        assertThat("one launch fills the gap, nothing twice", instanceEvents(pool, InstanceEvent.State.LAUNCHED),
                hasSize(1));
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(
                () -> containers(pool).stream().map(c -> c.getId()).toList(),
                not(hasItem(PreviousRun.orphanContainer)));

        Pools.drained(pool, PreviousRun.DRAINING_ID);
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(
                () -> containers(pool).stream().map(Pools::instanceOf).collect(Collectors.toSet()), is(ids));
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(
                () -> Pools.membership(pool).instances(), hasSize(2));
    }

    /**
     * Issue 13 a: readiness is UP only once the containers are adopted, and no membership published since
     * the restart lists the pool without them (an empty one would make the configurator drain every server).
     */
    @Test
    void noMembershipSinceTheRestartListsThePoolWithoutItsAdoptedInstances() {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> Pools.membership(PreviousRun.pool).generation(), greaterThan(PreviousRun.GENERATION));
        List<PoolMembership> since = Pools.memberships(PreviousRun.pool).stream()
                .filter(m -> m.generation() > PreviousRun.GENERATION).toList();
        for (PoolMembership m : since) {
            assertThat("generation " + m.generation() + " lists the adopted instance",
                    m.instances().stream().map(PoolMembership.Instance::instanceId).toList(),
                    hasItem(PreviousRun.RUNNING_ID));
        }
    }

    /**
     * Issue 13 d: a dry-run decision replaced the pool's real one on the compacted topic; after the
     * restart the pool keeps the count it ran with (it fell to its minimum, retiring an instance). The
     * first membership since the restart is the one that lists the STARTING instance as RUNNING.
     */
    @Test
    void aDryRunDecisionLatestOnTheTopicDoesNotChangeWhatRunsAfterTheRestart() {
        PoolMembership first = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(
                () -> Pools.memberships(PreviousRun.dryRunPool).stream()
                        .filter(m -> m.generation() > PreviousRun.DRY_RUN_GENERATION).findFirst().orElse(null),
                m -> m != null);
        assertThat("the count before the restart", first.desiredReplicas(), is(2));
        assertThat(inState(PreviousRun.dryRunPool, State.DRAINING), is(empty()));
        assertThat(instanceEvents(PreviousRun.dryRunPool, InstanceEvent.State.DRAINING), is(empty()));
    }

    /**
     * Issue 11: a pools record keyed x but named y stalled the start-up read and launched y. The catalog
     * rejects it to the dead-letter topic (at least once: a channel that is reassigned reads the compacted
     * topic again, and rejects it again), and recovery goes on without it.
     */
    @Test
    void aPoolRecordUnderAnotherKeyIsDeadLetteredAndNeverLaunched() {
        List<ConsumerRecord<String, byte[]>> rejected = await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .until(() -> Pools.kafka().readAll(Topics.DEAD_LETTER).stream()
                        .filter(r -> PreviousRun.misnamedKey.equals(r.key())).toList(), hasSize(greaterThanOrEqualTo(1)));
        for (ConsumerRecord<String, byte[]> r : rejected) {
            assertThat(KafkaRecords.header(r, "dead-letter-topic"), is(Topics.POOLS));
            assertThat(KafkaRecords.header(r, "dead-letter-reason"), containsString("must equal the record key"));
            assertThat(KafkaRecords.header(r, "dead-letter-offset"), is(KafkaRecords.header(rejected.get(0),
                    "dead-letter-offset")));
            assertThat(KafkaRecords.header(r, "dead-letter-partition"), is("0"));
        }
        await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(
                () -> inState(PreviousRun.pool, State.RUNNING), hasSize(2));
        assertThat(containers(PreviousRun.misnamedPool), is(empty()));
        assertThat(containers(PreviousRun.misnamedKey), is(empty()));
    }
}
