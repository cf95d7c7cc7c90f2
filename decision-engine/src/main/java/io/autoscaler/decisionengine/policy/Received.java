package io.autoscaler.decisionengine.policy;

import java.time.Duration;
import java.time.Instant;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolMembership;

/**
 * Other services' records moved onto the engine's clock when they arrive, so that no comparison mixes
 * two clocks. A snapshot counts as taken when it was received (freshness is then the engine's own
 * interval); an instance's start time keeps its distance to the membership's own timestamp (both are
 * the provisioner's clock), counted back from the receipt.
 */
public final class Received {
    private Received() {
    }

    public static CpuSnapshot cpu(CpuSnapshot snapshot, Instant receivedAt) {
        return new CpuSnapshot(snapshot.pool(), snapshot.node(), receivedAt, snapshot.instances());
    }

    public static HaproxySnapshot haproxy(HaproxySnapshot snapshot, Instant receivedAt) {
        return new HaproxySnapshot(snapshot.pool(), snapshot.backend(), receivedAt, snapshot.servers(),
                snapshot.totals());
    }

    /** An instance that claims to start after the membership was published started when it was received. */
    public static PoolMembership membership(PoolMembership membership, Instant receivedAt) {
        return new PoolMembership(membership.pool(), membership.generation(), membership.desiredReplicas(),
                membership.instances().stream().map(i -> new PoolMembership.Instance(i.instanceId(), i.containerId(),
                        i.host(), i.port(), i.state(), startedAt(i.startedAt(), membership.timestamp(), receivedAt)))
                        .toList(),
                receivedAt);
    }

    private static Instant startedAt(Instant startedAt, Instant published, Instant receivedAt) {
        if (startedAt == null) {
            return startedAt;
        }
        Duration age = Duration.between(startedAt, published);
        return age.isNegative() ? receivedAt : receivedAt.minus(age);
    }
}
