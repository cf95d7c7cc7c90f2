package io.autoscaler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class OnceLoadedTest {
    @Test
    void keepsAskingUntilLoadedThenActsOnceAndStops() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger acted = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (OnceLoaded once = OnceLoaded.run("test-once", () -> asked.incrementAndGet() >= 3, () -> {
            acted.incrementAndGet();
            done.countDown();
        })) {
            assertTrue(done.await(5, TimeUnit.SECONDS), "acted once loaded");
            assertTrue(once.asker().awaitTermination(5, TimeUnit.SECONDS), "stopped asking");
            assertEquals(3, asked.get());
            assertEquals(1, acted.get());
        }
    }

    @Test
    void aFailingQuestionIsAskedAgain() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (OnceLoaded once = OnceLoaded.run("test-once", () -> {
            if (asked.incrementAndGet() == 1) {
                throw new IllegalStateException("broker not there yet");
            }
            return true;
        }, done::countDown)) {
            assertTrue(done.await(5, TimeUnit.SECONDS), "acted after the failure");
            assertEquals(2, asked.get());
        }
    }
}
