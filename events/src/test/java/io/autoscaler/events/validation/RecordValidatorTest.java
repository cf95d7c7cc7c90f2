package io.autoscaler.events.validation;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolMembership.Instance;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.json.EventJson;

class RecordValidatorTest {
    private static final RecordValidator VALIDATOR = new RecordValidator(StackRules.DEFAULT.withMaxReplicasCap(10));
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final String CONTAINER = "0123456789abcdef";

    /** Row: instanceId | containerId | host | port | state → the field refused, or '-' when valid. */
    @ParameterizedTest(name = "{0} {1} {2} {3} {4} -> {5}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "e9d4017f   | 0123456789ab | 172.18.0.5   | 8080  | RUNNING  | -",
            "e9d4017f   | null         | null         | 0     | STARTING | -",
            "e9d4017f   | 0123456789ab | fd00::5      | 8080  | RUNNING  | -",
            "e9d4017f   | 0123456789ab | null         | 8080  | RUNNING  | instances[0].host",
            "e9d4017f   | 0123456789ab | 172.18.0.5   | 0     | RUNNING  | instances[0].port",
            "e9d4017f   | 0123456789ab | 172.18.0.5   | 65536 | RUNNING  | instances[0].port",
            "e9d4017f   | 0123456789ab | demo-1       | 8080  | RUNNING  | instances[0].host",
            "e9d4017f   | 0123456789ab | localhost    | 8080  | STARTING | instances[0].host",
            "e9d4017f   | 0123456789ab | 127.0.0.1 check; disable frontend web; show info | 8080 | RUNNING | instances[0].host",
            "E9D4017F   | 0123456789ab | 172.18.0.5   | 8080  | RUNNING  | instances[0].instanceId",
            "e9d4;017f  | 0123456789ab | 172.18.0.5   | 8080  | RUNNING  | instances[0].instanceId",
            "'e9d 4017f'| 0123456789ab | 172.18.0.5   | 8080  | RUNNING  | instances[0].instanceId",
            "e9d4017f   | xyz          | 172.18.0.5   | 8080  | RUNNING  | instances[0].containerId",
            "e9d4017f   | 0123456789AB | 172.18.0.5   | 8080  | RUNNING  | instances[0].containerId",
            "e9d4017f   | 9mnpnzenvg8p8tdbtq4wvbkcz | 10.213.10.5 | 8080 | RUNNING | -",
            "e9d4017f   | 9mnpnzenvg8p8tdbtq4wvbkc  | 10.213.10.5 | 8080 | RUNNING | instances[0].containerId",
            "e9d4017f   | 9mnpnzenvg8p8tdbtq4wvbkcz0 | 10.213.10.5 | 8080 | RUNNING | instances[0].containerId",
            "e9d4017f   | 9MNPNZENVG8P8TDBTQ4WVBKCZ | 10.213.10.5 | 8080 | RUNNING | instances[0].containerId",
    })
    void membershipInstances(String id, String containerId, String host, int port, PoolMembership.State state,
            String refused) {
        PoolMembership membership = membership("demo", 1, 1, new Instance(id, containerId, host, port, state, NOW));

        assertThat(fields(VALIDATOR.violations("demo", membership)), is(expected(refused)));
    }

    @Test
    void membershipBounds() {
        Instance ok = new Instance("a1", CONTAINER, "127.0.0.1", 8080, PoolMembership.State.RUNNING, NOW);
        assertThat(fields(VALIDATOR.violations("demo", membership("demo", -1, 1, ok))), contains("generation"));
        assertThat(fields(VALIDATOR.violations("demo", membership("demo", 1, 11, ok))), contains("desiredReplicas"));
        assertThat(fields(VALIDATOR.violations("x", membership("demo", 1, 1, ok))), contains("pool"));
        assertThat(fields(VALIDATOR.violations("Demo!", membership("Demo!", 1, 1, ok))), contains("pool"));
        assertThat(fields(VALIDATOR.violations("demo", membership("demo", 1, 1, ok, ok))),
                contains("instances[1].instanceId"));
    }

    /** Row: pool | type | current | desired | instanceId | key → the field refused, or '-'. */
    @ParameterizedTest(name = "{0} {1} {2}->{3} {4} under {5} -> {6}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "demo | SCALE   | 1 | 3  | null     | demo | -",
            "demo | REPLACE | 3 | 3  | e9d4017f | demo | -",
            "demo | SCALE   | 1 | 11 | null     | demo | desiredReplicas",
            "demo | SCALE   | -1| 1  | null     | demo | currentReplicas",
            "demo | REPLACE | 3 | 3  | 'a b'    | demo | instanceId",
            "demo | SCALE   | 1 | 3  | null     | x    | pool",
            "de;mo| SCALE   | 1 | 3  | null     | de;mo| pool",
    })
    void decisions(String pool, ScaleDecision.Type type, int current, int desired, String instanceId, String key,
            String refused) {
        ScaleDecision decision = new ScaleDecision(UUID.randomUUID(), pool, type, current, desired, instanceId, "r",
                Map.of("cpu", 50.0), false, NOW);

        assertThat(fields(VALIDATOR.violations(key, decision)), is(expected(refused)));
    }

    @Test
    void decisionMetricsAreFinite() {
        ScaleDecision decision = new ScaleDecision(UUID.randomUUID(), "demo", ScaleDecision.Type.SCALE, 1, 2, null,
                "r", Map.of("cpu", Double.NaN), false, NOW);

        assertThat(fields(VALIDATOR.violations("demo", decision)), contains("metrics.cpu"));
    }

    /** Row: server | instanceId | sessions | rate → the field refused, or '-'. */
    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "demo-e9d4017f  | e9d4017f | 3  | 1.5      | -",
            "static1        | null     | 0  | 0        | -",
            "'demo x'       | null     | 0  | 0        | servers[0].name",
            "demo-e9d4017f  | 'e9 d4'  | 0  | 0        | servers[0].instanceId",
            "demo-e9d4017f  | e9d4017f | -1 | 0        | servers[0].sessions",
            "demo-e9d4017f  | e9d4017f | 0  | -1       | servers[0].rate",
            "demo-e9d4017f  | e9d4017f | 0  | Infinity | servers[0].rate",
            "demo-e9d4017f  | e9d4017f | 0  | NaN      | servers[0].rate",
    })
    void haproxySnapshots(String server, String instanceId, int sessions, double rate, String refused) {
        HaproxySnapshot snapshot = new HaproxySnapshot("demo", "demo", NOW,
                List.of(new HaproxySnapshot.Server(server, instanceId, "UP", sessions, 0, rate, 4, "L7OK", 1)), null);

        assertThat(fields(VALIDATOR.violations("demo", snapshot)), is(expected(refused)));
    }

    /** Row: the 5xx counter ('null': a record written before it was carried) → the field refused, or '-'. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null | -",
            "0    | -",
            "7    | -",
            "-1   | totals.responses5xx",
    })
    void haproxyFiveHundredCounts(Long responses5xx, String refused) {
        HaproxySnapshot snapshot = new HaproxySnapshot("demo", "demo", NOW, List.of(),
                new HaproxySnapshot.Totals(0, 0, 0, responses5xx));

        assertThat(fields(VALIDATOR.violations("demo", snapshot)), is(expected(refused)));
    }

    /** Row: the node a CPU snapshot names → the field refused, or '-' when valid. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null                     | -",
            "node-1                   | -",
            "Worker-2.example         | -",
            "ip-127-0-0-1             | -",
            "8f1kx0w2vd3c4m7q9r5t6y8u | -",
            "''                       | node",
            "-node                    | node",
            "node.                    | node",
            "'node 1'                 | node",
            "node;rm                  | node",
            "node_1                   | node",
            "a123456789012345678901234567890123456789012345678901234567890123 | node",
    })
    void cpuSnapshotNodes(String node, String refused) {
        CpuSnapshot cpu = new CpuSnapshot("demo", node, NOW, List.of(new CpuSnapshot.InstanceCpu("e9d4017f", CONTAINER, 3, 10)));

        assertThat(fields(VALIDATOR.violations("demo", cpu)), is(expected(refused)));
    }

    @Test
    void cpuSnapshotsAndLbEvents() {
        CpuSnapshot cpu = new CpuSnapshot("demo", NOW,
                List.of(new CpuSnapshot.InstanceCpu("e9d4017f", CONTAINER, -3, 10)));
        assertThat(fields(VALIDATOR.violations("demo", cpu)), contains("instances[0].cpuPercent"));

        LbEvent event = new LbEvent(UUID.randomUUID(), "demo", "e9d4017f", "demo-e9d4017f check", LbEvent.State.DRAINED,
                0, "", NOW);
        assertThat(fields(VALIDATOR.violations("demo", event)), contains("server"));
    }

    @Test
    void aPoolRecordWithoutANameIsRefusedNotACrash() {
        PoolSpec nameless = EventJson.decode("{\"image\":\"autoscaler/demo-app:latest\"}", PoolSpec.class);

        InvalidRecordException refused = assertThrows(InvalidRecordException.class,
                () -> VALIDATOR.require("demo", nameless));
        assertThat(refused.getMessage(), containsString("name: is required"));
    }

    @Test
    void aPoolRecordWhoseFieldsWouldBreakHaproxysConfigurationIsRefusedOnRead() {
        PoolSpec spec = EventJson.decode("""
                {"name": "demo", "image": "autoscaler/demo-app:latest", "healthCheck": {"path": "/health check"},
                 "route": {"paths": ["/x\\n    server evil 127.0.0.1:1"]}, "balance": "hdr(x) if TRUE"}
                """, PoolSpec.class);

        InvalidRecordException refused = assertThrows(InvalidRecordException.class, () -> VALIDATOR.require("demo", spec));
        assertThat(fields(refused.violations()), containsInAnyOrder("healthCheck.path", "route.paths[0]", "balance"));
    }

    @Test
    void aTombstoneNeedsAPoolNameAsItsKey() {
        assertThat(VALIDATOR.violations("demo", null), is(empty()));
        assertThat(fields(VALIDATOR.violations("de mo", null)), contains("key"));
        assertThat(fields(VALIDATOR.violations(null, null)), contains("key"));
    }

    private static PoolMembership membership(String pool, long generation, int desired, Instance... instances) {
        return new PoolMembership(pool, generation, desired, Arrays.asList(instances), NOW);
    }

    private static List<String> expected(String refused) {
        return "-".equals(refused) ? List.of() : List.of(refused);
    }

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }
}
