package io.autoscaler.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.json.EventJson;
import io.autoscaler.events.json.MalformedEventException;

class EventJsonTest {

    static Stream<Class<?>> eventTypes() {
        return Stream.of(PoolSpec.class, CpuSnapshot.class, HaproxySnapshot.class, ScaleDecision.class,
                PoolMembership.class, InstanceEvent.class, LbEvent.class);
    }

    /** The checked-in fixtures are the compatibility contract: they must keep deserializing. */
    @ParameterizedTest
    @MethodSource("eventTypes")
    void fixtureDeserializesAndSurvivesARoundTrip(Class<?> type) {
        Object event = EventJson.decode(fixture(type), type);

        Object again = EventJson.decode(EventJson.encode(event), type);

        assertEquals(event, again);
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void unknownFieldsAreIgnored(Class<?> type) {
        String json = fixture(type);
        String withExtras = "{\"addedByANewerVersion\": {\"x\": [1, 2]}, " + json.strip().substring(1);

        assertEquals(EventJson.decode(json, type), EventJson.decode(withExtras, type));
    }

    @Test
    void fixtureValuesAreRead() {
        PoolSpec spec = EventJson.decode(fixture(PoolSpec.class), PoolSpec.class);
        assertEquals("demo", spec.name());
        assertEquals(8, spec.maxReplicas());
        assertThat(spec.policy().metrics(), contains(new PoolSpec.MetricTarget("cpu", 50.0),
                new PoolSpec.MetricTarget("sessions", 20.0)));
        assertEquals(20_000L, spec.healthCheck().graceMs());
        assertEquals(Instant.parse("2026-11-22T10:15:30.123Z"), spec.timestamp());

        PoolMembership membership = EventJson.decode(fixture(PoolMembership.class), PoolMembership.class);
        assertThat(membership.instances().stream().map(PoolMembership.Instance::state).toList(),
                contains(PoolMembership.State.RUNNING, PoolMembership.State.DRAINING));

        LbEvent lb = EventJson.decode(fixture(LbEvent.class), LbEvent.class);
        assertEquals(LbEvent.State.DRAINED, lb.state());
        assertEquals(0, lb.sessions());
    }

    @Test
    void haproxysFiveHundredCountIsCarriedAndARecordWrittenBeforeItHasNone() {
        HaproxySnapshot old = EventJson.decode(fixture(HaproxySnapshot.class), HaproxySnapshot.class);
        assertEquals(null, old.totals().responses5xx());

        HaproxySnapshot now = new HaproxySnapshot("p", "p", Instant.parse("2026-01-02T03:04:05Z"), null,
                new HaproxySnapshot.Totals(1, 0, 2.5, 7L));
        assertThat(EventJson.encodeToString(now), containsString("\"responses5xx\":7"));
        assertEquals(now, EventJson.decode(EventJson.encode(now), HaproxySnapshot.class));
    }

    @Test
    void aCpuSnapshotWithoutNodeStillReadsAsOneNodeAndANamedOneKeepsIt() {
        CpuSnapshot old = EventJson.decode("{\"pool\":\"p\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"instances\":[]}",
                CpuSnapshot.class);
        assertEquals(null, old.node());
        assertThat(EventJson.encodeToString(old), not(containsString("node")));

        CpuSnapshot named = new CpuSnapshot("p", "node-2", Instant.parse("2026-01-02T03:04:05Z"), List.of());
        assertThat(EventJson.encodeToString(named), containsString("\"node\":\"node-2\""));
        assertEquals(named, EventJson.decode(EventJson.encode(named), CpuSnapshot.class));
    }

    @Test
    void timestampsAreWrittenInUtcWithMilliseconds() {
        CpuSnapshot snapshot = new CpuSnapshot("p", Instant.parse("2026-01-02T03:04:05Z"), null);

        assertThat(EventJson.encodeToString(snapshot), containsString("\"timestamp\":\"2026-01-02T03:04:05.000Z\""));
    }

    @Test
    void absentOptionalFieldsAreOmittedNotNull() {
        LbEvent event = new LbEvent(UUID.randomUUID(), "p", null, null, LbEvent.State.HAPROXY_RESYNCED,
                null, "restart", Timestamps.now());

        assertThat(EventJson.encodeToString(event), allOf(not(containsString("instanceId")), not(containsString("null"))));
    }

    @Test
    void aMinimalPoolSpecTakesTheDefaults() {
        PoolSpec spec = EventJson.decode("{\"name\":\"web\",\"image\":\"nginx:1.27\"}", PoolSpec.class);

        assertEquals(8080, spec.port());
        assertEquals("web", spec.haproxyBackend());
        assertEquals(1, spec.minReplicas());
        assertEquals(PoolSpec.Policy.TARGET_TRACKING, spec.policy().type());
        assertThat(spec.policy().metrics(), contains(new PoolSpec.MetricTarget(Metrics.CPU, 50.0)));
        assertEquals(300_000L, spec.policy().scaleDown().stabilizationMs());
        assertEquals(30_000L, spec.drain().timeoutMs());
        assertEquals(PoolSpec.Route.NONE, spec.route());
        assertEquals("roundrobin", spec.balance());
        assertEquals("off", spec.stickiness());
        assertEquals(0, spec.maxConnPerInstance());
        assertEquals(0L, spec.slowStartMs());
    }

    @Test
    void theLoadBalancerFieldsReadAndWriteUnderTheirJsonNames() {
        String json = "{\"name\":\"shop\",\"image\":\"nginx\",\"route\":{\"hosts\":[\"shop.example\"],"
                + "\"paths\":[\"/api\"],\"default\":true},\"balance\":\"hdr(x-tenant)\",\"stickiness\":\"cookie\","
                + "\"maxConnPerInstance\":20,\"slowStartMs\":5000}";
        PoolSpec spec = EventJson.decode(json, PoolSpec.class);

        assertEquals(new PoolSpec.Route(java.util.List.of("shop.example"), java.util.List.of("/api"), true), spec.route());
        assertEquals("hdr(x-tenant)", spec.balance());
        assertEquals("cookie", spec.stickiness());
        assertEquals(20, spec.maxConnPerInstance());
        assertEquals(5000L, spec.slowStartMs());
        assertThat(EventJson.encodeToString(spec), containsString("\"default\":true"));
        assertEquals(spec, EventJson.decode(EventJson.encodeToString(spec), PoolSpec.class));
    }

    @Test
    void aPartialDirectionKeepsHpasDefaults() {
        PoolSpec spec = EventJson.decode(
                "{\"name\":\"web\",\"image\":\"nginx\",\"policy\":{\"scaleDown\":{\"cooldownMs\":1000}}}",
                PoolSpec.class);

        assertEquals(new PoolSpec.Rules(300_000L, List.of(PoolSpec.RatePolicy.percent(100, 15_000)), "Max", 0.1,
                1_000L, null, null), spec.policy().scaleDown());
        assertEquals(new PoolSpec.Rules(0L, List.of(PoolSpec.RatePolicy.percent(100, 15_000),
                PoolSpec.RatePolicy.pods(4, 15_000)), "Max", 0.1, 0L, null, null), spec.policy().scaleUp());
    }

    @Test
    void theEarlierShapeReadsAsPoliciesOverTheCooldown() {
        PoolSpec spec = EventJson.decode("{\"name\":\"web\",\"image\":\"nginx\",\"policy\":{\"tolerance\":0.2,"
                + "\"scaleUp\":{\"maxStepInstances\":2,\"cooldownMs\":3000},\"scaleDown\":{\"maxStepPercent\":25}}}",
                PoolSpec.class);

        assertEquals(new PoolSpec.Rules(0L, List.of(PoolSpec.RatePolicy.pods(2, 3_000),
                PoolSpec.RatePolicy.percent(100, 3_000)), "Max", 0.2, 3_000L, null, null), spec.policy().scaleUp());
        assertEquals(List.of(PoolSpec.RatePolicy.pods(2, 1), PoolSpec.RatePolicy.percent(25, 1)),
                spec.policy().scaleDown().policies());
        assertThat(EventJson.encodeToString(spec), not(containsString("maxStep")));
        PoolSpec.Rules hourApart = new PoolSpec.Policy(null, null, null, null, new PoolSpec.Rules(0L, 1, null, 3_600_000L),
                null, null).scaleUp();
        assertEquals(PoolSpec.RatePolicy.pods(1, PoolSpec.Rules.MAX_PERIOD_MS), hourApart.policies().get(0));
        assertEquals(spec, EventJson.decode(EventJson.encodeToString(spec), PoolSpec.class));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(CpuSnapshot.class, "not json", "CpuSnapshot"),
                Arguments.of(CpuSnapshot.class, "{\"pool\":\"p\"", "CpuSnapshot"),
                Arguments.of(CpuSnapshot.class, "[]", "CpuSnapshot"),
                Arguments.of(CpuSnapshot.class, "null", "JSON null"),
                Arguments.of(CpuSnapshot.class, "", "empty record"),
                Arguments.of(CpuSnapshot.class, "{\"timestamp\":\"2026-01-01T00:00:00Z\"}", "missing field 'pool'"),
                Arguments.of(CpuSnapshot.class, "{\"pool\":\"p\",\"timestamp\":\"yesterday\"}", "timestamp"),
                Arguments.of(CpuSnapshot.class, "{} {}", "CpuSnapshot"),
                Arguments.of(CpuSnapshot.class,
                        "{\"pool\":\"p\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"instances\":[{\"cpuPercent\":1,\"memoryBytes\":2}]}",
                        "missing field 'instanceId'"),
                Arguments.of(ScaleDecision.class,
                        "{\"id\":\"5b1c8f0e-2a41-4c5e-9d7a-0f3e6b2a9c11\",\"pool\":\"p\",\"type\":\"GROW\","
                                + "\"timestamp\":\"2026-01-01T00:00:00Z\"}",
                        "GROW"),
                Arguments.of(ScaleDecision.class,
                        "{\"id\":\"5b1c8f0e-2a41-4c5e-9d7a-0f3e6b2a9c11\",\"pool\":\"p\",\"type\":\"REPLACE\","
                                + "\"currentReplicas\":2,\"desiredReplicas\":2,\"dryRun\":false,\"timestamp\":\"2026-01-01T00:00:00Z\"}",
                        "missing field 'instanceId'"),
                Arguments.of(ScaleDecision.class,
                        "{\"id\":\"not-a-uuid\",\"pool\":\"p\",\"type\":\"SCALE\",\"timestamp\":\"2026-01-01T00:00:00Z\"}",
                        "UUID"),
                Arguments.of(PoolMembership.class,
                        "{\"pool\":\"p\",\"generation\":1,\"desiredReplicas\":1,\"timestamp\":\"2026-01-01T00:00:00Z\","
                                + "\"instances\":[{\"instanceId\":\"i\",\"port\":80}]}",
                        "missing field 'state'"),
                Arguments.of(LbEvent.class, "{\"pool\":\"p\"}", "missing field 'id'"),
                // a count left out must not read as 0: a decision without desiredReplicas would empty the pool
                Arguments.of(ScaleDecision.class,
                        "{\"id\":\"5b1c8f0e-2a41-4c5e-9d7a-0f3e6b2a9c11\",\"pool\":\"p\",\"type\":\"SCALE\","
                                + "\"currentReplicas\":2,\"timestamp\":\"2026-01-01T00:00:00Z\"}",
                        "missing field 'desiredReplicas'"),
                Arguments.of(PoolSpec.class, "{\"name\":\"p\",\"minReplicas\":\"many\"}", "minReplicas"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedJsonIsATypedErrorSayingWhatIsWrong(Class<?> type, String json, String expectedInMessage) {
        MalformedEventException e = assertThrows(MalformedEventException.class, () -> EventJson.decode(json, type));

        assertThat(e.getMessage(), allOf(startsWith(type.getSimpleName()), containsString(expectedInMessage)));
        assertEquals(type, e.type());
    }

    static String fixture(Class<?> type) {
        String path = "/fixtures/" + type.getSimpleName() + ".json";
        try (InputStream in = EventJsonTest.class.getResourceAsStream(path)) {
            assertThat(path, in, is(notNullValue()));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
