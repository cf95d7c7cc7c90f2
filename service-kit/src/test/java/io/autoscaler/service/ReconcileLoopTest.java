package io.autoscaler.service;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop's promises: nothing before the inputs are loaded, bursts coalesce, a failing task stops nothing. */
class ReconcileLoopTest {
    private static final Duration NO_RESYNC = Duration.ofHours(1);

    private final AtomicBoolean loaded = new AtomicBoolean();
    private final AtomicInteger passes = new AtomicInteger();
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final ReconcileLoop loop = new ReconcileLoop("test", loaded::get, resync -> passes.incrementAndGet(),
            () -> order.add("after"));

    @AfterEach
    void stop() {
        loop.stop();
    }

    @Test
    void noPassRunsBeforeTheInputsAreLoadedAndARequestMadeMeanwhileIsKept() {
        loop.start(NO_RESYNC);
        loop.requestPass();
        assertThat(loop.ask(passes::get, -1), is(0));
        loaded.set(true);
        awaitPasses(1);
    }

    @Test
    void aBurstOfRequestsCoalesces() {
        loaded.set(true);
        CountDownLatch busy = new CountDownLatch(1);
        loop.run(() -> await(busy)); // holds the loop while the burst arrives
        for (int i = 0; i < 100; i++) {
            loop.requestPass();
        }
        busy.countDown();
        awaitPasses(1);
        assertThat("one pass for the whole burst", loop.ask(passes::get, -1), is(1));
    }

    @Test
    void tasksRunInOrderEachFollowedByTheAfterTaskAndAFailureStopsNothing() {
        loop.run(() -> order.add("a"));
        loop.run(() -> {
            throw new IllegalStateException("boom");
        });
        loop.run(() -> order.add("b"));
        assertThat(loop.ask(() -> List.copyOf(order), List.of()), is(List.of("a", "after", "b", "after")));
    }

    private void awaitPasses(int n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> loop.ask(passes::get, -1), is(n));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
