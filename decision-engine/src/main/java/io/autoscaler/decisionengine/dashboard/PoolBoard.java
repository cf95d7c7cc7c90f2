package io.autoscaler.decisionengine.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.autoscaler.decisionengine.metrics.PoolSample;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.ScaleDecision;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the dashboard shows of one pool: its recent samples, decisions and lb-events (each a bounded
 * ring), and its instances joined with their HAProxy servers. Guarded by its own monitor.
 */
final class PoolBoard {
    /** One row of the instance table: the provisioner's view beside HAProxy's. */
    @RegisterForReflection
    record InstanceRow(String instanceId, String state, String address, String haproxyStatus, Integer sessions) {
    }

    /** The whole pool, as a new subscriber first gets it. */
    @RegisterForReflection
    record Detail(String type, String pool, List<PoolSample> samples, List<ScaleDecision> decisions,
            List<LbEvent> lbEvents, List<InstanceRow> instances, boolean membershipSeen) {
    }

    private final int samplesKept;
    private final int eventsKept;
    private final ArrayDeque<PoolSample> samples = new ArrayDeque<>();
    private final ArrayDeque<ScaleDecision> decisions = new ArrayDeque<>();
    private final ArrayDeque<LbEvent> lbEvents = new ArrayDeque<>();
    private PoolMembership membership;
    private HaproxySnapshot haproxy;

    PoolBoard(int samplesKept, int eventsKept) {
        this.samplesKept = samplesKept;
        this.eventsKept = eventsKept;
    }

    synchronized void sample(PoolSample sample) {
        keep(samples, sample, samplesKept);
    }

    synchronized void decision(ScaleDecision decision) {
        keep(decisions, decision, eventsKept);
    }

    synchronized void lbEvent(LbEvent event) {
        keep(lbEvents, event, eventsKept);
    }

    synchronized void membership(PoolMembership latest) {
        membership = latest;
    }

    synchronized void haproxy(HaproxySnapshot latest) {
        haproxy = latest;
    }

    synchronized PoolSample latest() {
        return samples.peekLast();
    }

    synchronized ScaleDecision lastDecision() {
        return decisions.peekLast();
    }

    synchronized Detail detail(String pool) {
        return new Detail("pool", pool, List.copyOf(samples), List.copyOf(decisions), List.copyOf(lbEvents),
                instances(), membership != null);
    }

    /** Each instance of the membership with its server's status and sessions (null if HAProxy has none). */
    synchronized List<InstanceRow> instances() {
        if (membership == null) {
            return List.of();
        }
        Map<String, HaproxySnapshot.Server> servers = new HashMap<>();
        if (haproxy != null) {
            haproxy.servers().stream().filter(s -> s.instanceId() != null).forEach(s -> servers.put(s.instanceId(), s));
        }
        List<InstanceRow> rows = new ArrayList<>();
        for (PoolMembership.Instance i : membership.instances()) {
            HaproxySnapshot.Server server = servers.get(i.instanceId());
            rows.add(new InstanceRow(i.instanceId(), i.state().name(), i.host() == null ? null : i.host() + ":" + i.port(),
                    server == null ? null : server.status(), server == null ? null : server.sessions()));
        }
        return rows;
    }

    /** How many instances HAProxy reports DOWN. */
    synchronized long serversDown() {
        return haproxy == null ? 0 : haproxy.servers().stream().filter(s -> s.status().startsWith("DOWN")).count();
    }

    private static <T> void keep(ArrayDeque<T> ring, T item, int capacity) {
        ring.addLast(item);
        while (ring.size() > capacity) {
            ring.removeFirst();
        }
    }
}
