package io.autoscaler.decisionengine.policy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.ScaleDecision;

/** Decisions read back from the topic, ours or older ones, leave the history as it is. */
class PoolHistoryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void readingBackOurOwnDecisionsInOrderOrNotChangesNothing() {
        PoolHistory history = new PoolHistory();
        ScaleDecision created = scale(1, T0);
        ScaleDecision replace = new ScaleDecision(UUID.randomUUID(), "p", ScaleDecision.Type.REPLACE, 1, 1, "aaaa0001",
                "down", Map.of(), false, T0.plusSeconds(5));
        ScaleDecision up = scale(3, T0.plusSeconds(5));
        history.decided(created);
        history.decided(replace);
        history.decided(up);
        // the consumer now reads all three back
        history.decided(created);
        history.decided(replace);
        history.decided(up);
        assertThat(history.desired().orElseThrow(), is(3));
        assertThat(history.lastDecision().orElseThrow().id(), is(up.id()));
        assertThat(history.lastScaleUpAt(), is(T0.plusSeconds(5)));
        assertThat(history.lastScaleDownAt(), is(Instant.MIN));
        assertThat(history.replaced("aaaa0001"), is(true));
    }

    @Test
    void restoringFromTheTopicTellsScaleUpsFromScaleIns() {
        PoolHistory history = new PoolHistory();
        history.decided(scale(2, T0));
        history.decided(scale(5, T0.plusSeconds(10)));
        history.decided(scale(3, T0.plusSeconds(20)));
        assertThat(history.desired().orElseThrow(), is(3));
        assertThat(history.lastScaleUpAt(), is(T0.plusSeconds(10)));
        assertThat(history.lastScaleDownAt(), is(T0.plusSeconds(20)));
    }

    /** Issue 13 g: the engine's clock stepped back between two of its decisions; the newer one still counts. */
    @Test
    void aNewDecisionCountsWhateverItsTimestamp() {
        PoolHistory history = new PoolHistory();
        history.decided(scale(2, T0));
        history.decided(scale(4, T0.plusSeconds(3600)));
        ScaleDecision afterTheStep = scale(3, T0.plusSeconds(10));
        history.decided(afterTheStep);
        assertThat(history.desired().orElseThrow(), is(3));
        assertThat(history.lastDecision().orElseThrow().id(), is(afterTheStep.id()));
    }

    private static ScaleDecision scale(int desired, Instant at) {
        return new ScaleDecision(UUID.randomUUID(), "p", ScaleDecision.Type.SCALE, desired, desired, null, "", Map.of(),
                false, at);
    }
}
