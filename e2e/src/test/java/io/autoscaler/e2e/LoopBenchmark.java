package io.autoscaler.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.InstanceEvent;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.tools.Load;

/**
 * The numbers behind the README: the whole loop on this machine, scaled out by load and back, several
 * times, with Kafka secured as the stack runs it and then with security off (a PLAINTEXT broker without ACLs,
 * which only this comparison uses), side by side. Prints, asserts nothing timed. Run with
 * {@code infra/stack bench} (runs per mode: -Dautoscaler.bench.runs).
 */
class LoopBenchmark {
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    @Test
    void scaleOutReplaceAndScaleInAtSteadyLoad() {
        int runs = Integer.getInteger("autoscaler.bench.runs", 5);
        Map<String, List<Run>> results = new LinkedHashMap<>();
        results.put("security on", measure(true, runs));
        results.put("security off", measure(false, runs));
        printSummary(results);
    }

    private List<Run> measure(boolean secured, int runs) {
        String mode = secured ? "security on" : "security off";
        String pool = "bench-" + UUID.randomUUID().toString().substring(0, 6);
        List<Run> results = new ArrayList<>();
        try (Loop loop = Loop.start(pool, secured)) {
            System.out.println(mode + ":");
            printServices(loop);
            loop.putPool(loop.spec(1));
            loop.awaitConverged();
            for (int i = 1; i <= runs; i++) {
                Run run = once(loop);
                results.add(run);
                System.out.printf("%s, run %d: %s%n", mode, i, run);
            }
        }
        return results;
    }

    private Run once(Loop loop) {
        Run run = new Run();
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        try (Load steady = Load.start(loop.frontend("/"), 10, Duration.ofSeconds(20));
                Load heavy = Load.start(loop.frontend("/work?ms=40"), 16, Duration.ofSeconds(20))) {
            await().atMost(Loop.SCALING).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> loop.serversUp().size() >= 2);
            run.firstServerUpMs = millisSince(t0);
            await().atMost(Loop.SCALING).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> desiredReached(loop));
            run.desiredReachedMs = millisSince(t0);
            run.scaleOutFailed = run.failedIn("scale-out", steady.stop());
            stages(loop, start, run);

            try (Load duringReplace = Load.start(loop.frontend("/"), 10, Duration.ofSeconds(20))) {
                PoolMembership.Instance victim = Loop.running(loop.membership()).get(0);
                long tk = System.nanoTime();
                Instant killed = Instant.now();
                loop.killApp(victim.containerId());
                loop.awaitConverged();
                run.replaceMs = millisSince(tk);
                run.replaceFailed = run.failedIn("replacement", duringReplace.stop());
                if (run.replaceFailed > 0) {
                    run.failures.add("servers DOWN after the kill: " + events(loop, Topics.LB_EVENTS, LbEvent.class,
                            e -> e.pool().equals(loop.pool) && e.timestamp().isAfter(killed)
                                    && e.state() == LbEvent.State.DOWN).stream()
                            .map(e -> e.server() + (victim.instanceId().equals(e.instanceId()) ? " (killed)" : ""))
                            .toList());
                }
            }
            heavy.stop();
        }
        try (Load duringScaleIn = Load.start(loop.frontend("/"), 10, Duration.ofSeconds(20))) {
            long ts = System.nanoTime();
            await().atMost(Loop.SCALING).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> loop.membership().instances().size() == 1 && loop.servers().size() == 1);
            loop.awaitConverged();
            run.scaleInMs = millisSince(ts);
            run.scaleInFailed = run.failedIn("scale-in", duringScaleIn.stop());
        }
        return run;
    }

    private static boolean desiredReached(Loop loop) {
        List<ScaleDecision> decisions = loop.decisions();
        int desired = decisions.get(decisions.size() - 1).desiredReplicas();
        return desired >= 2 && loop.serversUp().size() == desired
                && Loop.running(loop.membership()).size() == desired;
    }

    /** metric → decision → launched → running → server UP, from the events' own timestamps. */
    private static void stages(Loop loop, Instant start, Run run) {
        Optional<ScaleDecision> decision = loop.decisions().stream()
                .filter(d -> d.timestamp().isAfter(start) && d.desiredReplicas() > d.currentReplicas()).findFirst();
        if (decision.isEmpty()) {
            return;
        }
        Instant decided = decision.get().timestamp();
        Optional<CpuSnapshot> hot = events(loop, Topics.METRICS_CPU, CpuSnapshot.class,
                s -> s.pool().equals(loop.pool) && s.timestamp().isAfter(start) && !s.instances().isEmpty()
                        && s.instances().stream().mapToDouble(CpuSnapshot.InstanceCpu::cpuPercent).average()
                                .orElse(0) > 55).stream().findFirst();
        Optional<InstanceEvent> launched = events(loop, Topics.INSTANCE_EVENTS, InstanceEvent.class,
                e -> e.pool().equals(loop.pool) && e.state() == InstanceEvent.State.LAUNCHED
                        && !e.timestamp().isBefore(decided)).stream().findFirst();
        if (launched.isEmpty()) {
            return;
        }
        String instance = launched.get().instanceId();
        Optional<InstanceEvent> running = events(loop, Topics.INSTANCE_EVENTS, InstanceEvent.class,
                e -> instance.equals(e.instanceId()) && e.state() == InstanceEvent.State.RUNNING).stream().findFirst();
        Optional<LbEvent> up = events(loop, Topics.LB_EVENTS, LbEvent.class,
                e -> instance.equals(e.instanceId()) && e.state() == LbEvent.State.UP).stream().findFirst();
        run.metricToDecisionMs = hot.map(h -> between(h.timestamp(), decided)).orElse(-1L);
        run.decisionToLaunchedMs = between(decided, launched.get().timestamp());
        run.launchedToRunningMs = running.map(r -> between(launched.get().timestamp(), r.timestamp())).orElse(-1L);
        run.runningToUpMs = running.flatMap(r -> up.map(u -> between(r.timestamp(), u.timestamp()))).orElse(-1L);
    }

    private static <T> List<T> events(Loop loop, String topic, Class<T> type, Predicate<T> matching) {
        List<T> found = new ArrayList<>();
        loop.records().readAll(topic).forEach(r -> {
            try {
                T event = EventJson.decode(r.value(), type);
                if (matching.test(event)) {
                    found.add(event);
                }
            } catch (RuntimeException e) {
                // tombstones and foreign records are not part of the measurement
            }
        });
        return found;
    }

    private static void printServices(Loop loop) {
        System.out.println("service            start (s)  memory (MiB)");
        for (String service : Loop.SERVICES) {
            Matcher started = STARTED.matcher(loop.logs(service));
            System.out.printf("%-18s %9s  %12.0f%n", service, started.find() ? started.group(1) : "?",
                    loop.memoryBytes(service) / 1048576.0);
        }
    }

    private static void printSummary(Map<String, List<Run>> byMode) {
        Map<String, java.util.function.ToLongFunction<Run>> columns = new LinkedHashMap<>();
        columns.put("load start -> first new server UP (ms)", r -> r.firstServerUpMs);
        columns.put("load start -> desired reached (ms)", r -> r.desiredReachedMs);
        columns.put("stage metric -> decision (ms)", r -> r.metricToDecisionMs);
        columns.put("stage decision -> launched (ms)", r -> r.decisionToLaunchedMs);
        columns.put("stage launched -> running (ms)", r -> r.launchedToRunningMs);
        columns.put("stage running -> server UP (ms)", r -> r.runningToUpMs);
        columns.put("replacement, kill -> converged (ms)", r -> r.replaceMs);
        columns.put("scale-in, load stop -> converged (ms)", r -> r.scaleInMs);
        columns.put("failed requests during scale-out", r -> r.scaleOutFailed);
        columns.put("failed requests during replacement", r -> r.replaceFailed);
        columns.put("failed requests during scale-in", r -> r.scaleInFailed);
        StringBuilder header = new StringBuilder(String.format("%n%-42s", ""));
        byMode.forEach((mode, runs) -> header.append(String.format(" %21s", mode + ", " + runs.size() + " runs")));
        System.out.println(header);
        System.out.printf("%-42s%s%n", "", " %10s %10s".formatted("p50", "max").repeat(byMode.size()));
        columns.forEach((name, value) -> {
            StringBuilder line = new StringBuilder(String.format("%-42s", name));
            byMode.values().forEach(runs -> {
                List<Long> sorted = runs.stream().map(value::applyAsLong).sorted(Comparator.naturalOrder()).toList();
                line.append(String.format(" %10d %10d", sorted.get((sorted.size() - 1) / 2), sorted.get(sorted.size() - 1)));
            });
            System.out.println(line);
        });
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static long between(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static final class Run {
        long firstServerUpMs = -1;
        long desiredReachedMs = -1;
        long metricToDecisionMs = -1;
        long decisionToLaunchedMs = -1;
        long launchedToRunningMs = -1;
        long runningToUpMs = -1;
        long replaceMs = -1;
        long scaleInMs = -1;
        long scaleOutFailed;
        long replaceFailed;
        long scaleInFailed;
        /** What the failed requests got, per phase: a count alone does not say why. */
        final List<String> failures = new ArrayList<>();

        long failedIn(String phase, Load.Report report) {
            if (report.failed() > 0) {
                failures.add(phase + ": " + report.outcomes() + ", latency max " + report.maxMicros() / 1000 + " ms");
            }
            return report.failed();
        }

        @Override
        public String toString() {
            return String.format("first UP %d ms, desired %d ms, stages %d/%d/%d/%d ms, replace %d ms, scale-in %d ms,"
                    + " failed %d/%d/%d%s", firstServerUpMs, desiredReachedMs, metricToDecisionMs, decisionToLaunchedMs,
                    launchedToRunningMs, runningToUpMs, replaceMs, scaleInMs, scaleOutFailed, replaceFailed,
                    scaleInFailed, failures.isEmpty() ? "" : " " + failures);
        }
    }
}
