package io.autoscaler.e2e;

import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.model.Container;

import io.autoscaler.tools.Load;

/**
 * Pools as a user adds them, under traffic: while the first pool takes a steady keep-alive load, a second
 * pool routed by host name is created, changed (a new algorithm: a reload) and deleted, several times.
 * Prints the time from PUT to the first answer from one of the new pool's own containers, from the change
 * to HAProxy's new worker (its CONFIG_APPLIED lb-event), from DELETE to its backend gone, and the first pool's failed requests in each
 * run (goal 0). Asserts nothing timed. Run: {@code -pl e2e -Dtest=PoolRoutingBenchmark}
 * ({@code -Dautoscaler.bench.runs}, default 3; {@code -Dautoscaler.bench.rate}, default 200 requests/s).
 */
class PoolRoutingBenchmark {

    record Run(long putToFirstRoutedMs, long changeToAppliedMs, long deleteToGoneMs, long requests, long failed) {
        @Override
        public String toString() {
            return "PUT -> first routed 200 %d ms, change -> reloaded %d ms, DELETE -> backend gone %d ms; first pool: %d requests, %d failed"
                    .formatted(putToFirstRoutedMs, changeToAppliedMs, deleteToGoneMs, requests, failed);
        }
    }

    @Test
    void addChangeAndDeleteAPoolUnderLoadOnAnother() {
        int runs = Integer.getInteger("autoscaler.bench.runs", 3);
        double rate = Double.parseDouble(System.getProperty("autoscaler.bench.rate", "200"));
        String pool = "front-" + UUID.randomUUID().toString().substring(0, 6);
        List<Run> results = new ArrayList<>();
        try (Loop loop = Loop.start(pool)) {
            loop.putPool(loop.spec(2));
            loop.awaitConverged();
            for (int i = 1; i <= runs; i++) {
                Run run = once(loop, i, rate);
                results.add(run);
                System.out.printf("pool routing, run %d: %s%n", i, run);
            }
        }
        System.out.printf("pool routing, %d runs at %.0f requests/s on the first pool:%n", runs, rate);
        System.out.printf("  PUT -> first routed 200   p50 %d ms, max %d ms%n", p50(results, Run::putToFirstRoutedMs),
                max(results, Run::putToFirstRoutedMs));
        System.out.printf("  change -> reloaded        p50 %d ms, max %d ms%n", p50(results, Run::changeToAppliedMs),
                max(results, Run::changeToAppliedMs));
        System.out.printf("  DELETE -> backend gone    p50 %d ms, max %d ms%n", p50(results, Run::deleteToGoneMs),
                max(results, Run::deleteToGoneMs));
        System.out.printf("  first pool                %d requests, %d failed%n",
                results.stream().mapToLong(Run::requests).sum(), results.stream().mapToLong(Run::failed).sum());
    }

    private Run once(Loop loop, int i, double rate) {
        String name = "routed-" + i + "-" + UUID.randomUUID().toString().substring(0, 4);
        String host = name + ".test";
        try (Load load = Load.start(loop.frontend("/"), rate, Duration.ofSeconds(10))) {
            Instant put = Instant.now();
            loop.putPool(name, loop.routedSpec(name, host, "roundrobin"));
            await().atMost(Loop.SCALING).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> answeredByPool(loop, name, loop.getWithHost(host, "/")));
            long putToFirst = Duration.between(put, Instant.now()).toMillis();

            Instant change = Instant.now();
            loop.putPool(name, loop.routedSpec(name, host, "leastconn"));
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> reloadedSince(loop, name, change));
            long changeToApplied = Duration.between(change, Instant.now()).toMillis();

            Instant delete = Instant.now();
            loop.deletePool(name);
            await().atMost(Loop.SCALING).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> !loop.backends().contains(name));
            long deleteToGone = Duration.between(delete, Instant.now()).toMillis();
            await().atMost(Loop.SCALING).pollInterval(Duration.ofSeconds(1)).until(() -> loop.appContainers(name).isEmpty());

            Load.Report report = load.stop();
            if (report.failed() > 0) {
                System.out.printf("pool routing, run %d: the first pool's failures: %s%n", i, report.outcomes());
            }
            return new Run(putToFirst, changeToApplied, deleteToGone, report.sent(), report.failed());
        }
    }

    /** The demo app answers with its container's hostname, Docker's short container id. */
    private static boolean answeredByPool(Loop loop, String pool, HttpResponse<String> answer) {
        if (answer.statusCode() != 200) {
            return false;
        }
        Set<String> hosts = loop.appContainers(pool).stream().map(Container::getId).map(id -> id.substring(0, 12))
                .collect(Collectors.toSet());
        return hosts.stream().anyMatch(h -> answer.body().contains("\"host\":\"" + h + "\""));
    }

    /** A CONFIG_APPLIED lb-event for the pool since {@code since}: HAProxy's new worker runs its change. */
    private static boolean reloadedSince(Loop loop, String pool, Instant since) {
        return loop.lbEvents(pool, io.autoscaler.events.LbEvent.State.CONFIG_APPLIED).stream()
                .anyMatch(e -> e.timestamp().isAfter(since));
    }

    private static long p50(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
        long[] v = runs.stream().mapToLong(f).sorted().toArray();
        return v.length == 0 ? 0 : v[(v.length - 1) / 2];
    }

    private static long max(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
        return runs.stream().mapToLong(f).max().orElse(0);
    }
}
