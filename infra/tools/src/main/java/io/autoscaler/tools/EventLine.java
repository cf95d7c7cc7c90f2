package io.autoscaler.tools;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.InstanceEvent;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.events.json.MalformedEventException;

/** One readable line for one record of any autoscaler topic. */
final class EventLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private EventLine() {
    }

    static String format(String topic, String key, byte[] value, Map<String, String> headers) {
        if (value == null) {
            return "--:--:--.--- " + key + " deleted (tombstone)";
        }
        if (Topics.DEAD_LETTER.equals(topic)) {
            return "--:--:--.--- " + key + " rejected from " + headers.getOrDefault("dead-letter-topic", "?") + ": "
                    + headers.getOrDefault("dead-letter-reason", "?") + " | "
                    + new String(value, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        }
        try {
            return switch (topic) {
                case Topics.POOLS -> pool(EventJson.decode(value, PoolSpec.class));
                case Topics.METRICS_CPU -> cpu(EventJson.decode(value, CpuSnapshot.class));
                case Topics.METRICS_HAPROXY -> haproxy(EventJson.decode(value, HaproxySnapshot.class));
                case Topics.SCALE_EVENTS -> decision(EventJson.decode(value, ScaleDecision.class));
                case Topics.MEMBERSHIP -> membership(EventJson.decode(value, PoolMembership.class));
                case Topics.INSTANCE_EVENTS -> instance(EventJson.decode(value, InstanceEvent.class));
                case Topics.LB_EVENTS -> lb(EventJson.decode(value, LbEvent.class));
                default -> key + " " + new String(value, StandardCharsets.UTF_8);
            };
        } catch (MalformedEventException e) {
            return "--:--:--.--- " + key + " unreadable: " + e.getMessage();
        }
    }

    private static String pool(PoolSpec p) {
        String policy = p.policy().type().equals(PoolSpec.Policy.STEP) ? "step policy, " + p.policy().steps().size()
                + " steps"
                : p.policy().metrics().stream().map(m -> m.name() + " " + number(m.target()))
                        .collect(Collectors.joining(", ", "target ", ""));
        return at(p.timestamp()) + " " + p.name() + " pool: " + p.image() + ", " + p.minReplicas() + ".."
                + p.maxReplicas() + " replicas, " + policy + (p.dryRun() ? ", dry run" : "");
    }

    private static String cpu(CpuSnapshot s) {
        return at(s.timestamp()) + " " + s.pool() + " cpu: " + (s.instances().isEmpty() ? "no instances"
                : s.instances().stream().map(i -> i.instanceId() + " " + number(i.cpuPercent()) + "%")
                        .collect(Collectors.joining(", ")));
    }

    private static String haproxy(HaproxySnapshot s) {
        return at(s.timestamp()) + " " + s.pool() + " haproxy " + s.backend() + ": " + s.totals().sessions()
                + " sessions, " + number(s.totals().rate()) + "/s, " + s.totals().queued() + " queued"
                + s.servers().stream().map(v -> v.name() + " " + v.status() + " " + v.sessions())
                        .collect(Collectors.joining(", ", s.servers().isEmpty() ? "" : " | ", ""));
    }

    private static String decision(ScaleDecision d) {
        String what = d.type() == ScaleDecision.Type.REPLACE ? "REPLACE " + d.instanceId()
                : "SCALE " + d.currentReplicas() + " -> " + d.desiredReplicas();
        return at(d.timestamp()) + " " + d.pool() + " " + what + (d.dryRun() ? " (dry run)" : "") + ": " + d.reason();
    }

    private static String membership(PoolMembership m) {
        return at(m.timestamp()) + " " + m.pool() + " membership #" + m.generation() + ", desired "
                + m.desiredReplicas() + ": " + (m.instances().isEmpty() ? "no instances"
                        : m.instances().stream().map(i -> i.instanceId() + " " + i.state() + " " + i.host())
                                .collect(Collectors.joining(", ")));
    }

    private static String instance(InstanceEvent e) {
        return at(e.timestamp()) + " " + e.pool() + " instance " + e.instanceId() + " " + e.state()
                + (e.host() == null ? "" : " " + e.host() + ":" + e.port()) + (e.reason().isEmpty() ? "" : ": " + e.reason());
    }

    private static String lb(LbEvent e) {
        return at(e.timestamp()) + " " + e.pool() + " server " + (e.server() == null ? "-" : e.server()) + " "
                + e.state() + (e.sessions() == null ? "" : " (" + e.sessions() + " sessions)")
                + (e.reason().isEmpty() ? "" : ": " + e.reason());
    }

    private static String at(Instant timestamp) {
        return timestamp == null ? "--:--:--.---" : TIME.format(timestamp);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format("%.1f", value);
    }
}
