package io.autoscaler.events.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.InstanceEvent;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;

/**
 * The rules every record read from Kafka must keep before a service acts on it, whichever service
 * reads it: names that cannot break a command, IP literals, ports, bounds, and a key that is the
 * record's pool. The same {@link StackRules} as the API's.
 */
public final class RecordValidator {
    private static final int MAX_INSTANCES = 10_000;

    private final StackRules rules;
    private final PoolSpecValidator specs;

    public RecordValidator(StackRules rules) {
        this.rules = rules;
        this.specs = new PoolSpecValidator(rules);
    }

    public PoolSpecValidator specs() {
        return specs;
    }

    public StackRules rules() {
        return rules;
    }

    /** Throws {@link InvalidRecordException} naming every violation when the record is not valid. */
    public <T> T require(String key, T value) {
        List<Violation> violations = violations(key, value);
        if (!violations.isEmpty()) {
            String type = value == null ? "record" : value.getClass().getSimpleName();
            throw new InvalidRecordException(type + (key == null ? "" : " under key '" + key + "'"), violations);
        }
        return value;
    }

    /**
     * What is wrong with {@code value}, read under {@code key} (null: not read from a keyed record, so
     * not compared). A tombstone (null value) is checked by its key alone.
     */
    public List<Violation> violations(String key, Object value) {
        if (value == null) {
            return tombstone(key);
        }
        if (value instanceof PoolSpec spec) {
            return specs.validate(key, spec);
        }
        Checks c = new Checks();
        if (value instanceof PoolMembership m) {
            membership(c, key, m);
        } else if (value instanceof ScaleDecision d) {
            decision(c, key, d);
        } else if (value instanceof LbEvent e) {
            lbEvent(c, key, e);
        } else if (value instanceof InstanceEvent e) {
            instanceEvent(c, key, e);
        } else if (value instanceof CpuSnapshot s) {
            cpu(c, key, s);
        } else if (value instanceof HaproxySnapshot s) {
            haproxy(c, key, s);
        } else {
            c.fail("", "no rules for " + value.getClass().getSimpleName());
        }
        return c.violations;
    }

    private static List<Violation> tombstone(String key) {
        Checks c = new Checks();
        c.matches("key", key, Rules.NAME, "a pool name: " + Rules.NAME_RULE);
        return c.violations;
    }

    private static void pool(Checks c, String key, String pool) {
        c.matches("pool", pool, Rules.NAME, Rules.NAME_RULE);
        if (key != null && pool != null && !key.equals(pool)) {
            c.fail("pool", "must equal the record key ('" + key + "')");
        }
    }

    private void membership(Checks c, String key, PoolMembership m) {
        pool(c, key, m.pool());
        c.range("generation", m.generation(), 0, Long.MAX_VALUE);
        c.range("desiredReplicas", m.desiredReplicas(), 0, rules.maxReplicasCap());
        if (m.instances().size() > MAX_INSTANCES) {
            c.fail("instances", "must be at most " + MAX_INSTANCES + ", was " + m.instances().size());
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < m.instances().size(); i++) {
            PoolMembership.Instance instance = m.instances().get(i);
            String field = "instances[" + i + "]";
            if (instance == null) {
                c.fail(field, "must not be null");
                continue;
            }
            c.matches(field + ".instanceId", instance.instanceId(), Rules.NAME, Rules.NAME_RULE);
            if (instance.instanceId() != null && !seen.add(instance.instanceId())) {
                c.fail(field + ".instanceId", "'" + instance.instanceId() + "' appears twice");
            }
            c.matchesIfPresent(field + ".containerId", instance.containerId(), Rules.CONTAINER_ID,
                    Rules.CONTAINER_ID_RULE);
            address(c, field, instance.host(), instance.port(), instance.state() == PoolMembership.State.RUNNING);
        }
    }

    /** No address yet (no host, port 0) or a whole one: an IP literal and a port; RUNNING needs one. */
    private static void address(Checks c, String field, String host, int port, boolean required) {
        if (host == null && port == 0 && !required) {
            return;
        }
        String at = field.isEmpty() ? "" : field + ".";
        if (host == null || !IpLiteral.isLiteral(host)) {
            c.fail(at + "host", "must be an IPv4 or IPv6 address literal"
                    + (host == null ? (required ? " (a RUNNING instance needs one)" : "") : ""));
        }
        c.range(at + "port", port, 1, 65535);
    }

    private void decision(Checks c, String key, ScaleDecision d) {
        pool(c, key, d.pool());
        c.range("currentReplicas", d.currentReplicas(), 0, MAX_INSTANCES);
        c.range("desiredReplicas", d.desiredReplicas(), 0, rules.maxReplicasCap());
        if (d.type() == ScaleDecision.Type.REPLACE) {
            c.matches("instanceId", d.instanceId(), Rules.NAME, Rules.NAME_RULE);
        }
        c.maxLength("reason", d.reason(), Rules.MAX_TEXT);
        metrics(c, d.metrics());
    }

    private static void metrics(Checks c, Map<String, Double> metrics) {
        metrics.forEach((name, value) -> {
            if (value == null || value.isNaN() || value.isInfinite()) {
                c.fail("metrics." + name, "must be a finite number");
            }
        });
    }

    private static void lbEvent(Checks c, String key, LbEvent e) {
        pool(c, key, e.pool());
        c.matchesIfPresent("instanceId", e.instanceId(), Rules.NAME, Rules.NAME_RULE);
        c.matchesIfPresent("server", e.server(), Rules.HAPROXY_NAME, Rules.HAPROXY_NAME_RULE);
        if (e.sessions() != null) {
            c.range("sessions", e.sessions(), 0, Integer.MAX_VALUE);
        }
        c.maxLength("reason", e.reason(), Rules.MAX_TEXT);
    }

    private static void instanceEvent(Checks c, String key, InstanceEvent e) {
        pool(c, key, e.pool());
        c.matches("instanceId", e.instanceId(), Rules.NAME, Rules.NAME_RULE);
        c.matchesIfPresent("containerId", e.containerId(), Rules.CONTAINER_ID, Rules.CONTAINER_ID_RULE);
        if (e.host() != null || e.port() != null) {
            address(c, "", e.host(), e.port() == null ? 0 : e.port(), true);
        }
        c.maxLength("reason", e.reason(), Rules.MAX_TEXT);
    }

    private static void cpu(Checks c, String key, CpuSnapshot s) {
        pool(c, key, s.pool());
        c.matchesIfPresent("node", s.node(), Rules.NODE, Rules.NODE_RULE);
        for (int i = 0; i < s.instances().size(); i++) {
            CpuSnapshot.InstanceCpu instance = s.instances().get(i);
            String field = "instances[" + i + "]";
            if (instance == null) {
                c.fail(field, "must not be null");
                continue;
            }
            c.matches(field + ".instanceId", instance.instanceId(), Rules.NAME, Rules.NAME_RULE);
            c.matchesIfPresent(field + ".containerId", instance.containerId(), Rules.CONTAINER_ID,
                    Rules.CONTAINER_ID_RULE);
            c.finiteNonNegative(field + ".cpuPercent", instance.cpuPercent());
            c.range(field + ".memoryBytes", instance.memoryBytes(), 0, Long.MAX_VALUE);
        }
    }

    private static void haproxy(Checks c, String key, HaproxySnapshot s) {
        pool(c, key, s.pool());
        c.matchesIfPresent("backend", s.backend(), Rules.HAPROXY_NAME, Rules.HAPROXY_NAME_RULE);
        for (int i = 0; i < s.servers().size(); i++) {
            HaproxySnapshot.Server server = s.servers().get(i);
            String field = "servers[" + i + "]";
            if (server == null) {
                c.fail(field, "must not be null");
                continue;
            }
            c.matches(field + ".name", server.name(), Rules.HAPROXY_NAME, Rules.HAPROXY_NAME_RULE);
            c.matchesIfPresent(field + ".instanceId", server.instanceId(), Rules.NAME, Rules.NAME_RULE);
            c.maxLength(field + ".status", server.status(), 64);
            c.maxLength(field + ".checkStatus", server.checkStatus(), 64);
            c.range(field + ".sessions", server.sessions(), 0, Integer.MAX_VALUE);
            c.range(field + ".queued", server.queued(), 0, Integer.MAX_VALUE);
            c.finiteNonNegative(field + ".rate", server.rate());
            c.finiteNonNegative(field + ".responseTimeMs", server.responseTimeMs());
            c.range(field + ".weight", server.weight(), 0, 256);
        }
        c.range("totals.sessions", s.totals().sessions(), 0, Integer.MAX_VALUE);
        c.range("totals.queued", s.totals().queued(), 0, Integer.MAX_VALUE);
        c.finiteNonNegative("totals.rate", s.totals().rate());
        if (s.totals().responses5xx() != null) {
            c.range("totals.responses5xx", s.totals().responses5xx(), 0, Long.MAX_VALUE);
        }
    }
}
