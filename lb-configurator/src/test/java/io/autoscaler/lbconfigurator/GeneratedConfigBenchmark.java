package io.autoscaler.lbconfigurator;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership.Instance;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Prints how soon a generated pool serves after an HAProxy restart (its servers come from pools.cfg and
 * the server-state file) and after a new instance is added (it joins UP). Asserts nothing timed. Run with
 * {@code -Dtest='GeneratedConfigBenchmark' -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
@WithTestResource(GeneratedStack.class)
class GeneratedConfigBenchmark {
    private static final int RUNS = 5;

    @BeforeAll
    static void startApps() {
        GeneratedConfigTest.startApps();
    }

    @AfterAll
    static void stopApps() {
        GeneratedConfigTest.stopApps();
    }

    @Test
    void restartToFirst200AndAddToServing() {
        String pool = GeneratedConfigTest.hostPool("roundrobin", "off", "/health");
        String host = GeneratedConfigTest.host(pool);
        Instance keeper = GeneratedConfigTest.instance(GeneratedConfigTest.id(), 0);
        GeneratedConfigTest.membership(pool, List.of(keeper));
        GeneratedConfigTest.awaitEvent(pool, LbEvent.State.UP, keeper.instanceId());
        await().atMost(Duration.ofSeconds(30)).until(() -> GeneratedConfigTest.poolsFile().contains(keeper.instanceId()));

        for (int run = 1; run <= RUNS; run++) {
            GeneratedStack.restartHaproxy();
            long t0 = System.nanoTime();
            long listening = -1;
            while (true) {
                try {
                    Http answer = GeneratedConfigTest.get(host, "/");
                    if (listening < 0) {
                        listening = ms(t0);
                    }
                    if (answer.status() == 200) {
                        break;
                    }
                } catch (RuntimeException e) {
                    // not listening yet
                }
                if (ms(t0) > 60_000) {
                    throw new AssertionError("no 200 within 60 s of a restart");
                }
            }
            System.out.printf("BENCH restart %d: HAProxy answering %d ms, first 200 %d ms after the restart returned "
                    + "(up -> first 200: %d ms)%n", run, listening, ms(t0), ms(t0) - listening);
        }

        for (int run = 1; run <= RUNS; run++) {
            Instance added = GeneratedConfigTest.instance(GeneratedConfigTest.id(), 1);
            long t0 = System.nanoTime();
            GeneratedConfigTest.membership(pool, List.of(keeper, added));
            String newHost = GeneratedConfigTest.hostname(1);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> GeneratedConfigTest.get(host, "/").servedBy().equals(newHost));
            System.out.printf("BENCH add %d: membership record -> first request served by the new instance %d ms%n",
                    run, ms(t0));
            GeneratedConfigTest.membership(pool, List.of(keeper));
            GeneratedConfigTest.awaitEvent(pool, LbEvent.State.REMOVED, added.instanceId());
        }
    }

    private static long ms(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }
}
