package io.autoscaler.provisioner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.testcontainers.containers.Network;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolMembership.State;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.provisioner.docker.DockerEngine;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What a provisioner killed with -9 in the middle of a scale-out leaves behind, set up before the
 * application under test starts: a pool wanting 2 instances, instance {@code RUNNING_ID} running and
 * RUNNING in the last membership, {@code DRAINING_ID} running and DRAINING there, and
 * {@code ORPHAN_ID} created but never started nor published. Beside it, a pools record under
 * {@code misnamedKey} naming another pool, which the start-up read must reject, not wait for. And
 * {@code dryRunPool}: 2 instances (the second still STARTING in the last membership), whose decision for
 * 2 a dry run for 1 has replaced on the compacted topic (compaction keeps only the latest per key).
 */
public class PreviousRun implements QuarkusTestResourceLifecycleManager {
    static final String RUNNING_ID = "0000aaaa";
    static final String DRAINING_ID = "0000bbbb";
    static final String ORPHAN_ID = "0000cccc";
    static final long GENERATION = 7;
    static final Instant STARTED_AT = Instant.parse("2026-01-01T00:00:00Z");

    static String pool;
    static String orphanContainer;
    static String misnamedKey;
    static String misnamedPool;
    static String dryRunPool;
    static final long DRY_RUN_GENERATION = 3;
    private Network network;

    @Override
    public Map<String, String> start() {
        pool = Pools.uniquePool();
        network = Pools.network();
        String networkName = Pools.networkName(network);
        PoolSpec spec = Pools.spec(pool, networkName, 0, 4);
        Pools.create(spec);
        Pools.decide(pool, 2, false);
        misnamedKey = Pools.uniquePool();
        misnamedPool = Pools.uniquePool();
        Pools.kafka().send(Topics.POOLS, misnamedKey, Pools.spec(misnamedPool, networkName, 1, 1));

        DockerEngine docker = new DockerEngine("unix:///var/run/docker.sock", Pools.STACK_ID);
        String running = docker.create(spec, RUNNING_ID);
        docker.start(running);
        String draining = docker.create(spec, DRAINING_ID);
        docker.start(draining);
        orphanContainer = docker.create(spec, ORPHAN_ID);
        Pools.kafka().send(Topics.MEMBERSHIP, pool, new PoolMembership(pool, GENERATION, 2, List.of(
                new PoolMembership.Instance(RUNNING_ID, running, docker.ipOn(running, networkName).orElseThrow(), 8080,
                        State.RUNNING, STARTED_AT),
                new PoolMembership.Instance(DRAINING_ID, draining, docker.ipOn(draining, networkName).orElseThrow(),
                        8080, State.DRAINING, STARTED_AT)),
                Timestamps.now()));
        dryRunPool = Pools.uniquePool();
        PoolSpec dryRunSpec = Pools.spec(dryRunPool, networkName, 1, 4);
        Pools.create(dryRunSpec);
        Pools.decide(dryRunPool, 1, true);
        List<PoolMembership.Instance> dryRunInstances = new ArrayList<>();
        for (String id : List.of("0000dddd", "0000eeee")) {
            String container = docker.create(dryRunSpec, id);
            docker.start(container);
            dryRunInstances.add(new PoolMembership.Instance(id, container,
                    docker.ipOn(container, networkName).orElseThrow(), 8080,
                    id.equals("0000dddd") ? State.RUNNING : State.STARTING, STARTED_AT));
        }
        Pools.kafka().send(Topics.MEMBERSHIP, dryRunPool,
                new PoolMembership(dryRunPool, DRY_RUN_GENERATION, 2, dryRunInstances, Timestamps.now()));
        return Map.of("autoscaler.pools.networks", networkName);
    }

    @Override
    public void stop() {
        Pools.removeAll(pool);
        Pools.removeAll(dryRunPool);
        Pools.closeQuietly(network);
    }
}
