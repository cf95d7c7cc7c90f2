package io.autoscaler.metricscollector.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolSpec;

class SnapshotsTest {
    private static final Instant AT = Instant.parse("2026-11-23T14:00:00Z");
    private static final PoolSpec DEMO = PoolSpec.of("demo", "autoscaler/demo-app");
    private static final PoolSpec SHOP = new PoolSpec("shop", "autoscaler/demo-app", null, null, null, "shop-be", null,
            null, null, null, null, null, null, null);
    private static final PoolSpec IDLE = PoolSpec.of("idle", "autoscaler/demo-app");
    private static final Optional<List<StatsCsv.Row>> STATS = Optional.of(StatsCsv.parse("""
            # pxname,svname,qcur,scur,rate,status,
            demo,demo-aaaaaaaa,0,2,1,UP,
            demo,BACKEND,0,2,1,UP,
            shop-be,BACKEND,0,0,0,UP,
            """));
    private static final Optional<List<InstanceReading>> CONTAINERS = Optional.of(List.of(
            new InstanceReading("demo", "aaaaaaaa", "c1", 80.0, 1000),
            new InstanceReading("demo", "bbbbbbbb", "c2", 5.0, 2000),
            new InstanceReading("shop", "cccccccc", "c3", 1.0, 3000)));

    @Test
    void oneSnapshotOfEachKindPerPoolWithItsOwnInstances() {
        Snapshots s = Snapshots.of(List.of(DEMO, SHOP, IDLE), null, STATS, CONTAINERS, AT);
        assertThat(s.cpu().stream().map(CpuSnapshot::pool).toList(), contains("demo", "shop", "idle"));
        assertThat(s.cpu().get(0).instances(), containsInAnyOrder(new CpuSnapshot.InstanceCpu("aaaaaaaa", "c1", 80.0, 1000),
                new CpuSnapshot.InstanceCpu("bbbbbbbb", "c2", 5.0, 2000)));
        assertThat(s.cpu().get(2).instances(), is(empty()));
        assertThat(s.haproxy().stream().map(HaproxySnapshot::backend).toList(), contains("demo", "shop-be"));
        assertThat(s.backendMissing(), contains(IDLE));
    }

    @Test
    void everyCpuSnapshotNamesTheCollectorsNodeOrNoneWithoutOne() {
        assertThat(Snapshots.of(List.of(DEMO, SHOP), "node-2", STATS, CONTAINERS, AT).cpu().stream()
                .map(CpuSnapshot::node).toList(), contains("node-2", "node-2"));
        assertThat(Snapshots.of(List.of(DEMO), null, STATS, CONTAINERS, AT).cpu().get(0).node(), is((String) null));
    }

    @Test
    void withHaproxyDownTheCpuSnapshotsStillGoOut() {
        Snapshots s = Snapshots.of(List.of(DEMO, SHOP), null, Optional.empty(), CONTAINERS, AT);
        assertThat(s.cpu().size(), is(2));
        assertThat(s.haproxy(), is(empty()));
        assertThat(s.backendMissing(), is(empty()));
    }

    @Test
    void withDockerDownTheHaproxySnapshotsStillGoOutAndNoCpuSnapshotClaimsZeroInstances() {
        Snapshots s = Snapshots.of(List.of(DEMO, SHOP), null, STATS, Optional.empty(), AT);
        assertThat(s.cpu(), is(empty()));
        assertThat(s.haproxy().size(), is(2));
    }

    @Test
    void withBothDownNothingIsPublished() {
        Snapshots s = Snapshots.of(List.of(DEMO), null, Optional.empty(), Optional.empty(), AT);
        assertThat(s.cpu(), is(empty()));
        assertThat(s.haproxy(), is(empty()));
    }
}
