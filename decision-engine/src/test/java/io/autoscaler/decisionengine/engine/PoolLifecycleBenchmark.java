package io.autoscaler.decisionengine.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.autoscaler.decisionengine.Fixtures;
import io.autoscaler.decisionengine.policy.Received;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Issue 13 e: 10,000 pools created, fed, decided, scaled and deleted one after the other through the
 * engine's in-memory path (its per-pool state and its outbox; an emitter that takes every record at once
 * and hands it back as the scale-events channel would). Prints the heap after a full GC every 1,000
 * cycles: it stays flat. Asserts only that nothing of a deleted pool is left.
 */
class PoolLifecycleBenchmark {
    private static final int CYCLES = 10_000;

    @Test
    void createAndDeleteTenThousandPools() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MonotonicClock clock = MonotonicClock.startingNow();
        Pools pools = new Pools(meters, clock, Duration.ofSeconds(10));
        DecisionOutbox outbox = new DecisionOutbox();
        List<Record<String, ScaleDecision>> sent = new ArrayList<>();
        outbox.meters = meters;
        outbox.decisions = new Taking(sent);
        Instant since = clock.instant().minusSeconds(3600);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.println("=== PoolLifecycleBenchmark ===");
        long start = System.nanoTime();
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            String name = "cycle-" + cycle;
            PoolSpec spec = PoolSpec.of(name, "autoscaler/demo-app").withReplicas(2, 6);
            pools.evaluate(spec, since, d -> outbox.publish(d, null));
            pools.membership(Received.membership(Fixtures.running(name, 2), pools.now()));
            pools.cpu(Received.cpu(Fixtures.cpu(name, 2, 90), pools.now()));
            pools.evaluate(spec, since, d -> outbox.publish(d, pools.now()));
            // the scale-events channel reads the decisions back, then the pool is deleted and its tombstone read back
            sent.forEach(r -> pools.read(r.value()));
            sent.clear();
            pools.forget(name);
            outbox.tombstone(name);
            sent.forEach(r -> outbox.ourTombstone(r.key()));
            sent.clear();
            if (cycle % 1_000 == 0) {
                System.gc();
                System.out.printf("after %,6d cycles: heap used %,7d KiB, pools held %d, meters %d%n", cycle,
                        memory.getHeapMemoryUsage().getUsed() / 1024, pools.size(), meters.getMeters().size());
            }
        }
        System.out.printf("%,d cycles in %d ms%n", CYCLES, Duration.ofNanos(System.nanoTime() - start).toMillis());
        assertThat(pools.size(), is(0));
        assertThat(meters.getMeters(), empty());
        assertThat(outbox.ourTombstone("cycle-" + CYCLES), is(false));
    }

    /** An emitter that takes every record at once. */
    private record Taking(List<Record<String, ScaleDecision>> sent) implements Emitter<Record<String, ScaleDecision>> {
        @Override
        public CompletionStage<Void> send(Record<String, ScaleDecision> record) {
            sent.add(record);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public <M extends Message<? extends Record<String, ScaleDecision>>> void send(M message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
