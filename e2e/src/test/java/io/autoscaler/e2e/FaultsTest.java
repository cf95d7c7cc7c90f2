package io.autoscaler.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.autoscaler.events.InstanceEvent;
import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.Topics;
import io.autoscaler.tools.Load;
import io.autoscaler.tools.Status.ServerRow;

/**
 * Faults from outside the services, on the whole loop: a service's process killed from the host (as the
 * kernel's OOM killer or a crash would end it) comes back by its restart policy and the loop converges;
 * Kafka paused in the middle of a scale-in drain under load stops no container HAProxy still sends to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsTest {
    private final String pool = "faults-" + UUID.randomUUID().toString().substring(0, 6);
    private Loop loop;

    @BeforeAll
    void startTheSystem() {
        loop = Loop.start(pool);
        put(1);
        loop.awaitConverged();
    }

    @AfterAll
    void stopTheSystem() {
        if (loop != null) {
            loop.unpauseKafka();
            loop.close();
        }
    }

    @Test
    @Order(1)
    void aProvisionerKilledFromTheHostComesBackAndReplacesAKilledInstance() {
        long pid = loop.pid("provisioner");
        // SIGKILL from the host, not through Docker: Docker sees a crash, which its restart policy answers
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> loop.pid("provisioner") != 0 && loop.pid("provisioner") != pid
                        && loop.readyNow("provisioner"));
        PoolMembership.Instance victim = Loop.running(loop.membership()).get(0);
        loop.killApp(victim.containerId());

        await().atMost(Loop.SCALING).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> Loop.running(loop.membership()).stream()
                        .anyMatch(i -> !i.instanceId().equals(victim.instanceId())));
        loop.awaitConverged();
    }

    @Test
    @Order(2)
    void kafkaPausedMidDrainUnderLoadStopsNoContainerHaproxyStillSendsTo() {
        put(2);
        loop.awaitRunningInstances(2);
        loop.awaitConverged();
        List<String> violations = new CopyOnWriteArrayList<>();
        // slow requests keep sessions open on both servers, so the drain takes seconds, not milliseconds
        try (Load slow = Load.start(loop.frontend("/sleep?ms=3000"), 4, Duration.ofSeconds(30));
                Load light = Load.start(loop.frontend("/"), 10, Duration.ofSeconds(20))) {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> loop.servers().size() == 2 && loop.servers().stream().allMatch(s -> s.sessions() > 0));
            put(1); // low CPU: the engine scales in to one

            ServerRow draining = await().atMost(Loop.SCALING).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> loop.servers().stream()
                            .filter(s -> s.status().startsWith("DRAIN")).findFirst(), Optional::isPresent)
                    .orElseThrow();
            loop.pauseKafka();
            try {
                String instance = Naming.instanceId(pool, draining.server()).orElseThrow();
                await().atMost(Loop.SCALING).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> stoppedWhileListed(instance, draining.server(), violations));
            } finally {
                loop.unpauseKafka();
            }
            loop.awaitConverged();
            Load.Report slowReport = slow.stop();
            Load.Report lightReport = light.stop();
            assertEquals(0, slowReport.failed(), slowReport.format());
            assertEquals(0, lightReport.failed(), lightReport.format());
        }
        assertThat(violations, empty());
        // the stop is accounted for once Kafka is back: a TERMINATED event that says why
        loop.records().awaitEvent(Topics.INSTANCE_EVENTS, InstanceEvent.class,
                e -> e.pool().equals(pool) && e.state() == InstanceEvent.State.TERMINATED, Duration.ofMinutes(1));
    }

    /** PUT the pool with this minimum, again while a loaded machine makes the engine answer late (a PUT is idempotent). */
    private void put(int min) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .untilAsserted(() -> loop.putPool(loop.spec(min)));
    }

    /**
     * True once the instance's container no longer runs; notes a violation if HAProxy still lists its
     * server out of maintenance or with sessions at that moment.
     */
    private boolean stoppedWhileListed(String instance, String server, List<String> violations) {
        // containers first: a server still listed after its container was seen stopped was listed then too
        Set<String> running = loop.runningAppContainers().stream()
                .map(c -> c.getLabels().get(Naming.LABEL_INSTANCE)).collect(Collectors.toSet());
        if (running.contains(instance)) {
            return false;
        }
        loop.servers().stream().filter(s -> s.server().equals(server))
                .filter(s -> !s.status().startsWith("MAINT") || s.sessions() > 0)
                .forEach(s -> violations.add("container of " + server + " stopped while HAProxy lists it "
                        + s.status() + " with " + s.sessions() + " sessions"));
        return true;
    }
}
