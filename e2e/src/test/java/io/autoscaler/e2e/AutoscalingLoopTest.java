package io.autoscaler.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.github.dockerjava.api.model.Container;

import io.autoscaler.events.LbEvent;
import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.KafkaRecords;
import io.autoscaler.tools.Load;
import io.autoscaler.tools.Status.ServerRow;

/**
 * A day in the life of one pool, told in order on one running system: it starts at its minimum, load
 * scales it out, a crashed instance is replaced, every service is killed while it scales, load stops and
 * it drains back without failing a request, then HAProxy and Kafka restart and bad records arrive.
 * Each step waits for the state it needs instead of assuming the previous step left it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoscalingLoopTest {
    // 40 ms of CPU per request at 16/s is 0.64 of a core: more than one instance's 0.5-CPU limit holds
    private static final String HEAVY = "/work?ms=40";
    private static final double HEAVY_RATE = 16;

    private final String pool = "e2e-" + UUID.randomUUID().toString().substring(0, 6);
    private Loop loop;
    private Load heavy;

    @BeforeAll
    void startTheSystem() {
        loop = Loop.start(pool);
    }

    @AfterAll
    void stopTheSystem() {
        if (heavy != null) {
            heavy.close();
        }
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    @Order(1)
    void aNewPoolStartsAtItsMinimumAndAnswersThroughHaproxy() {
        loop.putPool(loop.spec(1));

        await().atMost(Loop.SCALING).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> loop.serversUp().size() == 1);
        HttpResponse<String> answer = Loop.send(HttpRequest.newBuilder(loop.frontend("/")));
        assertEquals(200, answer.statusCode(), answer.body());
        String host = hostOf(answer.body());
        assertThat(host, in(appHostNames()));
    }

    @Test
    @Order(2)
    void loadScalesOutAndTheNewHostsAnswer() {
        Set<String> before = appHostNames();
        heavy = Load.start(loop.frontend(HEAVY), HEAVY_RATE, Duration.ofSeconds(20));

        await().atMost(Loop.SCALING).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> loop.serversUp().size() >= 2);
        ScaleDecision scaleOut = loop.records().awaitEvent(Topics.SCALE_EVENTS, ScaleDecision.class,
                d -> d.pool().equals(pool) && d.type() == ScaleDecision.Type.SCALE && d.desiredReplicas() >= 2,
                Duration.ofSeconds(30));
        assertThat(scaleOut.reason(), org.hamcrest.Matchers.containsString("cpu"));
        // hosts that did not exist before the load now answer requests that went through HAProxy
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> heavy.report().hosts().keySet().stream().anyMatch(h -> !before.contains(h)));
    }

    @Test
    @Order(3)
    void aKilledInstanceIsReplaced() {
        PoolMembership.Instance victim = loop.awaitRunningInstances(2).get(0);
        int expected = (int) loop.membership().instances().stream()
                .filter(i -> i.state() == PoolMembership.State.RUNNING).count();

        loop.killApp(victim.containerId());

        await().atMost(Loop.SCALING).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            List<PoolMembership.Instance> running = Loop.running(loop.membership());
            return running.stream().noneMatch(i -> i.instanceId().equals(victim.instanceId()))
                    && running.size() >= Math.min(expected, 2)
                    && loop.servers().stream().noneMatch(s -> s.server().equals(server(victim)));
        });
        loop.records().awaitEvent(Topics.INSTANCE_EVENTS, io.autoscaler.events.InstanceEvent.class,
                e -> e.pool().equals(pool) && e.instanceId().equals(victim.instanceId())
                        && (e.state() == io.autoscaler.events.InstanceEvent.State.FAILED
                                || e.state() == io.autoscaler.events.InstanceEvent.State.TERMINATED),
                Duration.ofSeconds(30));
    }

    @Test
    @Order(4)
    void killingEachServiceWhileItScalesConvergesWithNoOrphanAndNoStaleServer() {
        loop.awaitRunningInstances(2);
        for (String service : Loop.SERVICES) {
            loop.killAndRestart(service);
        }
        loop.awaitConverged();
        PoolMembership membership = loop.membership();
        assertThat(membership.instances().size(), lessThanOrEqualTo(4));
    }

    @Test
    @Order(5)
    void whenTheLoadStopsThePoolDrainsBackToItsMinimumWithoutFailingARequest() throws Exception {
        if (heavy != null) {
            heavy.stop();
        }
        Set<String> before = Loop.running(loop.membership()).stream().map(PoolMembership.Instance::instanceId)
                .collect(Collectors.toSet());
        assertThat("scaled out before the scale-in", before.size(), greaterThanOrEqualTo(2));

        try (Load light = Load.start(loop.frontend("/"), 10, Duration.ofSeconds(20))) {
            await().atMost(Loop.SCALING).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> loop.membership().instances().size() == 1 && loop.serversUp().size() == 1
                            && loop.servers().size() == 1 && loop.runningAppContainers().size() == 1);
            Load.Report report = light.stop();
            assertEquals(0, report.failed(), report.format());
        }
        List<LbEvent> drained = loop.lbEvents(LbEvent.State.DRAINED);
        assertThat(drained.stream().map(LbEvent::instanceId).collect(Collectors.toSet()),
                hasItems(before.stream().filter(id -> !Loop.running(loop.membership()).stream()
                        .map(PoolMembership.Instance::instanceId).toList().contains(id)).toArray(String[]::new)));
    }

    @Test
    @Order(6)
    void afterAnHaproxyRestartItsServersAreBack() {
        loop.awaitConverged();
        Set<String> servers = Loop.running(loop.membership()).stream().map(this::server).collect(Collectors.toSet());

        java.time.Instant restarted = java.time.Instant.now();
        loop.restartHaproxy();

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> loop.serversUp().stream().map(ServerRow::server).collect(Collectors.toSet())
                        .equals(servers));
        // the configurator notices the restart; the servers were in the generated configuration, so it
        // re-added none (one pool-wide event, no per-server one)
        List<LbEvent> resynced = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> loop.lbEvents(LbEvent.State.HAPROXY_RESYNCED).stream()
                        .filter(e -> e.timestamp().isAfter(restarted)).toList(), events -> !events.isEmpty());
        assertThat(resynced.stream().map(LbEvent::instanceId).filter(java.util.Objects::nonNull).toList(), empty());
    }

    @Test
    @Order(7)
    void afterAKafkaRestartTheLoopResumesAndNoDecisionIsLost() {
        Set<java.util.UUID> before = loop.decisions().stream().map(ScaleDecision::id).collect(Collectors.toSet());

        loop.restartKafka();
        // a change that needs a decision and a launch after the restart
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .untilAsserted(() -> loop.putPool(loop.spec(2)));

        await().atMost(Loop.SCALING).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> loop.serversUp().size() == 2);
        Set<java.util.UUID> after = loop.decisions().stream().map(ScaleDecision::id).collect(Collectors.toSet());
        assertThat(before, everyItem(in(after)));
        assertThat(loop.decisions().stream().filter(d -> !before.contains(d.id())).map(ScaleDecision::desiredReplicas)
                .toList(), hasItems(2));
    }

    @Test
    @Order(8)
    void aMalformedRecordOnEachInputTopicIsDeadLetteredAndTheLoopContinues() {
        List<String> inputs = List.of(Topics.POOLS, Topics.METRICS_CPU, Topics.METRICS_HAPROXY, Topics.SCALE_EVENTS,
                Topics.MEMBERSHIP, Topics.LB_EVENTS);
        KafkaRecords records = loop.records();
        // keyed apart from the pool: on a compacted topic a malformed latest value would shadow the real one
        String key = pool + "-garbage";
        for (String topic : inputs) {
            records.sendRaw(topic, key, "{not json");
        }
        for (String topic : inputs) {
            records.await(Topics.DEAD_LETTER, r -> key.equals(r.key())
                    && topic.equals(KafkaRecords.header(r, "dead-letter-topic")), Duration.ofSeconds(60));
        }

        loop.putPool(loop.spec(1));
        await().atMost(Loop.SCALING).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> loop.membership().instances().size() == 1 && loop.serversUp().size() == 1);
        loop.awaitConverged();
    }

    @Test
    @Order(9)
    void aPoolRoutedByHostWhoseInstancesAreAtMaxconnScalesOnItsQueue() {
        // one connection per instance and requests of 400 ms at 15/s: about six at once, so all but one
        // wait in HAProxy's queue, which only maxconn fills; the policy follows that queue alone
        String queued = "q-" + UUID.randomUUID().toString().substring(0, 6);
        String host = queued + ".test";
        loop.putPool(queued, """
                {"name": "%s", "image": "%s", "port": 8080, "network": "%s",
                 "minReplicas": 1, "maxReplicas": 3, "route": {"hosts": ["%s"]}, "maxConnPerInstance": 1,
                 "healthCheck": {"path": "/health", "intervalMs": 1000, "rise": 2, "fall": 2, "graceMs": 10000},
                 "policy": {"type": "target-tracking", "metrics": [{"name": "queue", "target": 1}],
                            "scaleUp": {"stabilizationMs": 0, "maxStepInstances": 2, "cooldownMs": 3000},
                            "warmupMs": 3000},
                 "resources": {"cpus": 0.5, "memoryMb": 128}}
                """.formatted(queued, io.autoscaler.testing.TestImages.demoApp().asCanonicalNameString(),
                loop.networkName, host));
        await().atMost(Loop.SCALING).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> loop.getWithHost(host, "/health").statusCode() == 200);

        try (Load slow = Load.start(loop.frontend("/sleep?ms=400"), host, 15, Duration.ofSeconds(30))) {
            ScaleDecision up = await().atMost(Loop.SCALING).pollInterval(Duration.ofSeconds(1))
                    .until(() -> loop.decisions(queued).stream()
                            .filter(d -> d.desiredReplicas() > 1 && d.reason().contains("queue")).findFirst(),
                            java.util.Optional::isPresent).orElseThrow();
            assertThat(up.metrics().getOrDefault("queue", 0.0), greaterThan(1.0));
        }
        loop.deletePool(queued);
    }

    // --- helpers --------------------------------------------------------------------------------

    private String server(PoolMembership.Instance instance) {
        return Naming.serverName(pool, instance.instanceId());
    }

    /** What the demo app calls itself in its answers: its container's hostname. */
    private Set<String> appHostNames() {
        return loop.appContainers().stream().flatMap(c -> hostNames(c).stream()).collect(Collectors.toSet());
    }

    private static List<String> hostNames(Container c) {
        return List.of(c.getId().substring(0, 12), c.getNames()[0].replaceFirst("^/", ""));
    }

    private static String hostOf(String body) {
        var m = java.util.regex.Pattern.compile("\"host\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        return m.find() ? m.group(1) : "";
    }
}
