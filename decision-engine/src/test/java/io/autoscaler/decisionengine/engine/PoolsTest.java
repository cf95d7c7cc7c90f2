package io.autoscaler.decisionengine.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.autoscaler.decisionengine.Fixtures;
import io.autoscaler.decisionengine.policy.PoolDecider;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The engine's per-pool state without Kafka: one failing pool stops no other; a forgotten pool leaves nothing. */
class PoolsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private final MonotonicClock clock = new MonotonicClock(T0, nanos::get);

    /** Issue 13 h: the once-a-second pass over every pool goes on past a pool whose evaluation throws. */
    @Test
    void aPoolWhoseEvaluationThrowsIsCountedAndTheOthersGoOn() {
        Pools pools = new Pools(meters, clock, Duration.ofSeconds(10), (spec, history, seen) -> {
            if (spec.name().equals("b")) {
                throw new IllegalStateException("broken");
            }
            return PoolDecider.decide(spec, history, seen);
        });
        List<String> decided = new ArrayList<>();
        for (int second = 0; second < 3; second++) {
            for (String name : List.of("a", "b", "c")) {
                pools.evaluate(spec(name), T0, d -> decided.add(d.pool()));
            }
        }
        assertThat(decided, contains("a", "c"));
        assertThat(meters.counter(Pools.ERRORS, "pool", "b").count(), is(3.0));
        assertThat(meters.find(Pools.ERRORS).tag("pool", "a").counter(), is((Object) null));
    }

    /** Issue 13 e: forgetting a pool removes its state and its meters; created again, it starts at minReplicas. */
    @Test
    void aForgottenPoolLeavesNothingAndStartsCleanWhenCreatedAgain() {
        Pools pools = new Pools(meters, clock, Duration.ofSeconds(10), (spec, history, seen) -> {
            throw new IllegalStateException("broken");
        });
        pools.evaluate(spec("p"), T0, d -> { });
        pools.membership(Fixtures.running("p", 3));
        pools.forget("p");
        assertThat(pools.size(), is(0));
        assertThat(meters.getMeters(), empty());

        Pools working = new Pools(meters, clock, Duration.ofSeconds(10));
        List<ScaleDecision> made = new ArrayList<>();
        working.evaluate(spec("p"), T0, made::add);
        working.read(made.get(0));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        working.forget("p");
        working.evaluate(spec("p"), T0, made::add);
        assertThat(made.size(), is(2));
        assertThat(made.get(1).reason(), is("pool created: minReplicas 2"));
    }

    static PoolSpec spec(String name) {
        return PoolSpec.of(name, "autoscaler/demo-app").withReplicas(2, 6);
    }
}
