package io.autoscaler.decisionengine.policy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.Metrics;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;

/**
 * One pool reported by several nodes' collectors: the engine evaluates the union of the fresh nodes'
 * instances, and the instances of a node that stopped reporting count as missing (HPA's assumptions:
 * 100 % on a scale-down, 0 % on a scale-up), never as idle. Reports are written
 * {@code node@receivedSecond: instance=cpu ...}, {@code -} for a snapshot that names no node; the pool's
 * members are i1..i4, running for an hour; freshness 10 s.
 */
class CpuByNodeTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MAX_AGE = Duration.ofSeconds(10);
    private static final PoolSpec SPEC = PoolDeciderTest.spec(1, 10,
            PoolDeciderTest.cpu50(new PoolSpec.Rules(0L, 100, 1000, 0L), new PoolSpec.Rules(0L, 100, 100, 0L)));

    /** Row: reports | evaluated at (s) | each member's CPU as the policy sees it ('-': missing). */
    @ParameterizedTest(name = "{0} at {1}s → {2}")
    @CsvSource(delimiter = '|', value = {
            "a@0: i1=80 i2=60; b@0: i3=40 i4=20           | 1  | 80 60 40 20",
            "a@0: i1=80 i2=60                             | 1  | 80 60 - -",
            "a@0: i1=80 i2=60; b@0: i3=40 i4=20           | 11 | - - - -",
            "a@5: i1=80 i2=60; b@0: i3=40 i4=20           | 11 | 80 60 - -",
            "a@0: i1=80 i2=60; a@5: i1=10                 | 6  | 10 - - -",
            "a@0: i1=80 i2=60; b@3: i1=30 i3=40           | 4  | 30 60 40 -",
            "-@0: i1=80 i2=60 i3=40 i4=20; -@5: i1=10     | 6  | 10 - - -",
            "-@0: i1=80 i2=60; b@1: i3=40 i4=20           | 2  | 80 60 40 20",
    })
    void theMembersSeeTheUnionOfTheFreshNodes(String reports, long at, String expected) {
        Observation seen = observe(reports, at);

        List<String> cpu = seen.instances().stream()
                .map(i -> i.metrics().containsKey(Metrics.CPU) ? MetricText.number(i.metrics().get(Metrics.CPU)) : "-")
                .toList();
        assertThat(cpu, is(Arrays.asList(expected.split(" "))));
    }

    /** Row: reports | evaluated at (s) | desired count decided ('-': none) | what the reason says. */
    @ParameterizedTest(name = "{0} at {1}s → {2}")
    @CsvSource(delimiter = '|', value = {
            "a@0: i1=90 i2=90; b@0: i3=90 i4=90           | 1  | 8 | cpu 90.0% vs target 50% → 8",
            "a@0: i1=10 i2=10 i3=10; b@0: i4=10           | 1  | 1 | cpu 10.0% vs target 50% → 1",
            // b silent: its i4 counts as 100 % on the way down (10, 10, 10, 100 → 32 %), not as idle (→ 1)
            "a@20: i1=10 i2=10 i3=10; b@0: i4=10          | 21 | 3 | cpu 10.0% vs target 50% → 3 (1 instance without cpu, counted as missing)",
            // half the pool silent: 10, 10, 100, 100 → 55 %, within the tolerance: no scale-in on half the data
            "a@20: i1=10 i2=10; b@0: i3=10 i4=10          | 21 | - | -",
            // and 0 % on the way up: 90, 90, 0, 0 → 45 %, within the tolerance
            "a@20: i1=90 i2=90; b@0: i3=90 i4=90          | 21 | - | -",
            "a@20: i1=90 i2=90 i3=90; b@0: i4=90          | 21 | 6 | cpu 90.0% vs target 50% → 6 (1 instance without cpu, counted as missing)",
            // one collector that names no node: its latest snapshot replaces the previous whole
            "-@0: i1=90 i2=90 i3=90 i4=90; -@5: i1=10 i2=10 | 6 | - | -",
    })
    void thePoolIsDecidedOnTheMergedView(String reports, long at, String desired, String reason) {
        List<ScaleDecision> decisions = PoolDecider.decide(SPEC, PoolDeciderTest.historyAt(SPEC, 4), observe(reports, at));

        if ("-".equals(desired)) {
            assertThat(decisions, empty());
            return;
        }
        assertThat(decisions, hasSize(1));
        assertThat(decisions.get(0).desiredReplicas(), is(Integer.parseInt(desired)));
        assertThat(decisions.get(0).currentReplicas(), is(4));
        assertThat(decisions.get(0).reason(), containsString(reason));
    }

    @Test
    void aNodeSilentPastTheFreshnessWindowIsForgottenWhenTheNextSnapshotArrives() {
        CpuByNode byNode = new CpuByNode();
        byNode.put(snapshot("a", 0, "i1=10"), MAX_AGE);
        byNode.put(snapshot("b", 5, "i2=10"), MAX_AGE);
        byNode.put(snapshot("b", 11, "i2=20"), MAX_AGE);

        assertThat(byNode.latest().stream().map(CpuSnapshot::node).toList(), contains("b"));
    }

    // --- fixtures --------------------------------------------------------------------------------

    private static Observation observe(String reports, long at) {
        CpuByNode byNode = new CpuByNode();
        for (String report : reports.split(";")) {
            String[] nodeAndValues = report.trim().split(":");
            String[] nodeAt = nodeAndValues[0].split("@");
            byNode.put(snapshot(nodeAt[0], Long.parseLong(nodeAt[1]), nodeAndValues[1].trim()), MAX_AGE);
        }
        List<PoolMembership.Instance> members = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            members.add(PoolDeciderTest.instance("i" + i, PoolMembership.State.RUNNING, T0.minusSeconds(3600)));
        }
        Instant when = T0.plusSeconds(at);
        return Observation.of(SPEC, new PoolMembership("p", 1, 4, members, when), byNode.latest(), null,
                new PoolHistory(), when, MAX_AGE);
    }

    private static CpuSnapshot snapshot(String node, long at, String values) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String value : values.split(" ")) {
            String[] idAndCpu = value.split("=");
            cpu.put(idAndCpu[0], Double.parseDouble(idAndCpu[1]));
        }
        return new CpuSnapshot("p", "-".equals(node) ? null : node, T0.plusSeconds(at), cpu.entrySet().stream()
                .map(e -> PoolDeciderTest.cpu(e.getKey(), e.getValue())).toList());
    }
}
