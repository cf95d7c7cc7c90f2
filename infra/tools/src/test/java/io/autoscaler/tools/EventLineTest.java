package io.autoscaler.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventLineTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            autoscaler.pools => {"name":"demo","image":"autoscaler/demo-app","maxReplicas":8,"timestamp":"2026-11-22T10:00:00.000Z"} => 10:00:00.000 demo pool: autoscaler/demo-app, 1..8 replicas, target cpu 50
            autoscaler.metrics.cpu => {"pool":"demo","timestamp":"2026-11-22T10:00:01.250Z","instances":[{"instanceId":"a1","cpuPercent":72.5,"memoryBytes":1},{"instanceId":"b2","cpuPercent":3,"memoryBytes":1}]} => 10:00:01.250 demo cpu: a1 72.5%, b2 3%
            autoscaler.metrics.cpu => {"pool":"demo","timestamp":"2026-11-22T10:00:01.250Z"} => 10:00:01.250 demo cpu: no instances
            autoscaler.metrics.haproxy => {"pool":"demo","backend":"demo","timestamp":"2026-11-22T10:00:01.000Z","servers":[{"name":"demo-a1","status":"UP","sessions":3,"queued":0,"rate":5,"responseTimeMs":2,"weight":1}],"totals":{"sessions":3,"queued":0,"rate":5}} => 10:00:01.000 demo haproxy demo: 3 sessions, 5/s, 0 queued | demo-a1 UP 3
            autoscaler.scale-events => {"id":"5b1c8f0e-2a41-4c5e-9d7a-0f3e6b2a9c11","pool":"demo","type":"SCALE","currentReplicas":2,"desiredReplicas":4,"reason":"cpu 90 vs 50","dryRun":false,"timestamp":"2026-11-22T10:00:02.000Z"} => 10:00:02.000 demo SCALE 2 -> 4: cpu 90 vs 50
            autoscaler.scale-events => {"id":"5b1c8f0e-2a41-4c5e-9d7a-0f3e6b2a9c11","pool":"demo","type":"REPLACE","instanceId":"a1","currentReplicas":2,"desiredReplicas":2,"reason":"DOWN 20 s","dryRun":true,"timestamp":"2026-11-22T10:00:02.000Z"} => 10:00:02.000 demo REPLACE a1 (dry run): DOWN 20 s
            autoscaler.membership => {"pool":"demo","generation":7,"desiredReplicas":2,"instances":[{"instanceId":"a1","host":"172.20.0.5","port":8080,"state":"RUNNING"}],"timestamp":"2026-11-22T10:00:03.000Z"} => 10:00:03.000 demo membership #7, desired 2: a1 RUNNING 172.20.0.5
            autoscaler.instance-events => {"id":"5b1c8f0e-2a41-4c5e-9d7a-0f3e6b2a9c11","pool":"demo","instanceId":"a1","state":"RUNNING","host":"172.20.0.5","port":8080,"reason":"healthy","timestamp":"2026-11-22T10:00:04.000Z"} => 10:00:04.000 demo instance a1 RUNNING 172.20.0.5:8080: healthy
            autoscaler.lb-events => {"id":"5b1c8f0e-2a41-4c5e-9d7a-0f3e6b2a9c11","pool":"demo","instanceId":"a1","server":"demo-a1","state":"DRAINED","sessions":0,"reason":"idle","timestamp":"2026-11-22T10:00:05.000Z"} => 10:00:05.000 demo server demo-a1 DRAINED (0 sessions): idle
            autoscaler.lb-events => {"pool":"demo"} => --:--:--.--- demo unreadable: LbEvent: missing field 'id'
            """)
    void everyTopicGetsOneReadableLine(String topic, String json, String line) {
        assertEquals(line, EventLine.format(topic, "demo", json.getBytes(StandardCharsets.UTF_8), Map.of()));
    }

    @ParameterizedTest
    @CsvSource({"autoscaler.pools, demo", "autoscaler.membership, web"})
    void aTombstoneSaysDeleted(String topic, String key) {
        assertEquals("--:--:--.--- " + key + " deleted (tombstone)", EventLine.format(topic, key, null, Map.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = "{broken => --:--:--.--- k rejected from autoscaler.pools: PoolSpec: bad | {broken")
    void aDeadLetterShowsWhereItCameFromAndWhy(String value, String line) {
        assertEquals(line, EventLine.format("autoscaler.dead-letter", "k", value.getBytes(StandardCharsets.UTF_8),
                Map.of("dead-letter-topic", "autoscaler.pools", "dead-letter-reason", "PoolSpec: bad")));
    }
}
