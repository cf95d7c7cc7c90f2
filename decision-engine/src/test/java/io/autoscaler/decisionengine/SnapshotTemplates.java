package io.autoscaler.decisionengine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.json.EventJson;

/**
 * A benchmark's snapshots as JSON, encoded once per pool with marker values that each send fills in:
 * encoding 20,000 snapshots a second with Jackson would take a core of the machine the engine under
 * measure runs on, for bytes that differ only in a timestamp and a CPU value.
 */
final class SnapshotTemplates {
    private static final Instant MARKER_TIME = Instant.parse("2000-01-01T00:00:00.123Z");
    private static final double MARKER_CPU = 12345.678;

    private final int instances;
    private final Map<String, String> cpu = new HashMap<>();
    private final Map<String, String> haproxy = new HashMap<>();

    SnapshotTemplates(int instances) {
        this.instances = instances;
    }

    byte[] cpu(String pool, double percent, String timestamp) {
        return cpu.computeIfAbsent(pool, p -> new String(EventJson.encode(cpuSnapshot(p, MARKER_CPU, MARKER_TIME)),
                StandardCharsets.UTF_8)).replace(Double.toString(MARKER_CPU), Double.toString(percent))
                .replace(timestamp(MARKER_TIME), timestamp).getBytes(StandardCharsets.UTF_8);
    }

    byte[] haproxy(String pool, String timestamp) {
        return haproxy.computeIfAbsent(pool, p -> new String(EventJson.encode(haproxySnapshot(p, MARKER_TIME)),
                StandardCharsets.UTF_8)).replace(timestamp(MARKER_TIME), timestamp).getBytes(StandardCharsets.UTF_8);
    }

    /** A timestamp as the events' JSON writes it, quoted. */
    static String timestamp(Instant at) {
        try {
            return EventJson.mapper().writeValueAsString(at);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    CpuSnapshot cpuSnapshot(String pool, double percent, Instant at) {
        List<CpuSnapshot.InstanceCpu> values = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            values.add(new CpuSnapshot.InstanceCpu(Fixtures.instanceId(i), String.format("%012x", i), percent,
                    100L << 20));
        }
        return new CpuSnapshot(pool, at, values);
    }

    HaproxySnapshot haproxySnapshot(String pool, Instant at) {
        List<HaproxySnapshot.Server> servers = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            servers.add(new HaproxySnapshot.Server(pool + "-" + Fixtures.instanceId(i), Fixtures.instanceId(i), "UP",
                    3, 0, 10, 12, "L7OK", 1));
        }
        return new HaproxySnapshot(pool, pool, at, servers, new HaproxySnapshot.Totals(60, 0, 200));
    }
}
