package io.autoscaler.decisionengine.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.autoscaler.decisionengine.metrics.PoolSample;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolMembership.State;
import io.autoscaler.events.ScaleDecision;

class PoolBoardTest {
    private final PoolBoard board = new PoolBoard(3, 2);

    @Test
    void eachInstanceSitsBesideItsServerOrNone() {
        board.membership(new PoolMembership("p", 1, 3, List.of(instance("a", State.RUNNING, "127.0.0.2"),
                instance("b", State.DRAINING, "127.0.0.3"), instance("c", State.STARTING, null)), Instant.EPOCH));
        board.haproxy(new HaproxySnapshot("p", "p", Instant.EPOCH, List.of(server("a", "UP", 4), server("b", "DRAIN", 1),
                new HaproxySnapshot.Server("static", null, "UP", 9, 0, 0, 0, "L7OK", 1)), null));
        assertEquals(List.of(new PoolBoard.InstanceRow("a", "RUNNING", "127.0.0.2:8080", "UP", 4),
                new PoolBoard.InstanceRow("b", "DRAINING", "127.0.0.3:8080", "DRAIN", 1),
                new PoolBoard.InstanceRow("c", "STARTING", null, null, null)), board.instances());
    }

    @Test
    void keepsOnlyTheLatestSamplesAndDecisions() {
        for (int i = 1; i <= 5; i++) {
            board.sample(new PoolSample("p", i, i, i, 1, 8, Map.of(), Map.of(), null, null, false));
            board.decision(new ScaleDecision(UUID.randomUUID(), "p", ScaleDecision.Type.SCALE, i - 1, i, null, "r" + i,
                    null, false, Instant.EPOCH));
        }
        PoolBoard.Detail detail = board.detail("p");
        assertEquals(List.of(3L, 4L, 5L), detail.samples().stream().map(PoolSample::at).toList());
        assertEquals(List.of("r4", "r5"), detail.decisions().stream().map(ScaleDecision::reason).toList());
        assertEquals("r5", board.lastDecision().reason());
        assertEquals(false, detail.membershipSeen());
    }

    private static PoolMembership.Instance instance(String id, State state, String host) {
        return new PoolMembership.Instance(id, "c-" + id, host, 8080, state, Instant.EPOCH);
    }

    private static HaproxySnapshot.Server server(String id, String status, int sessions) {
        return new HaproxySnapshot.Server("p-" + id, id, status, sessions, 0, 0, 0, "L7OK", 1);
    }
}
