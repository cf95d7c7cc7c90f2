package io.autoscaler.e2e;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import io.autoscaler.events.ScaleDecision;
import io.autoscaler.testing.TestImages;
import io.autoscaler.tools.Load;

/**
 * The README's "Footprint" figures: each service's memory at idle and at the peak of a scale-out, its
 * start → ready alone and with the four starting at once, the stack's total, and what class-data sharing
 * gains. Memory is the resident set of the container's processes and its private part
 * ({@link ProcessMemory}), under the compose file's limits. Start times depend on what else the machine runs: the load average is printed
 * beside them. Prints, asserts only that the loop scaled out. Run with {@code infra/stack bench}.
 */
class FootprintBenchmark {
    private static final Pattern STARTED = Pattern.compile(" started in ([0-9.]+)s");
    private static final List<String> STACK = List.of("decision-engine", "metrics-collector", "provisioner",
            "lb-configurator", "kafka", "haproxy");

    @Test
    void memoryAndStartOfEachService() {
        Map<String, String> cds = classDataSharing(Integer.getInteger("autoscaler.bench.cds-runs", 1));
        try (Loop loop = Loop.start("foot-" + UUID.randomUUID().toString().substring(0, 6))) {
            Map<String, Duration> alone = new LinkedHashMap<>();
            for (String service : Loop.SERVICES) {
                alone.putAll(loop.restartTimed(List.of(service)));
            }
            String loadAlone = loadAverage();
            Map<String, Duration> atOnce = loop.restartTimed(Loop.SERVICES);
            String loadAtOnce = loadAverage();

            loop.putPool(loop.spec(1));
            loop.awaitConverged();
            Map<String, ProcessMemory> idle = new LinkedHashMap<>();
            STACK.forEach(c -> idle.put(c, loop.memory(c)));
            Map<String, ProcessMemory> peak = peakDuringScaleOut(loop);

            // one print for the whole table: the containers' logs go to the same stdout and would split rows
            StringBuilder table = new StringBuilder();
            table.append(String.format("%nFootprint (MiB; RSS: resident memory of the container's processes, private: the"
                    + " part that is theirs alone, not pages of shared files; limit: compose mem_limit)%n"));
            table.append(String.format("%-18s %9s %9s %9s %9s %7s %10s %10s%n", "", "idle RSS", "private", "peak RSS",
                    "private", "limit", "alone (s)", "at once (s)"));
            for (String c : STACK) {
                row(table, c, idle.get(c), peak.getOrDefault(c, new ProcessMemory(-1, -1)), limit(c),
                        seconds(alone.get(c)), seconds(atOnce.get(c)));
            }
            row(table, "stack total", sum(idle), sum(peak), "", "", "");
            System.out.print(table);
            System.out.printf("load average (1/5/15 min) after the alone starts: %s; after the at-once start: %s%n",
                    loadAlone, loadAtOnce);
            System.out.printf("%nQuarkus \"started in\" without Kafka (network none), median of runs, AppCDS on / off:%n");
            cds.forEach((service, line) -> System.out.printf("%-18s %s%n", service, line));
        }
    }

    private static void row(StringBuilder table, String row, ProcessMemory idle, ProcessMemory peak, String limit,
            String alone, String atOnce) {
        table.append(String.format("%-18s %9.0f %9.0f %9.0f %9.0f %7s %10s %10s%n", row, mib(idle.rssBytes()),
                mib(idle.privateBytes()), mib(peak.rssBytes()), mib(peak.privateBytes()), limit, alone, atOnce));
    }

    /** Memory of every container sampled each 500 ms while load scales the pool out; the highest seen of each. */
    private static Map<String, ProcessMemory> peakDuringScaleOut(Loop loop) {
        Map<String, ProcessMemory> peak = new java.util.concurrent.ConcurrentHashMap<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(() -> STACK.forEach(c -> {
            try {
                peak.merge(c, loop.memory(c), ProcessMemory::max);
            } catch (RuntimeException e) {
                // a sample missed is not a measurement
            }
        }), 0, 500, TimeUnit.MILLISECONDS);
        try (Load steady = Load.start(loop.frontend("/"), 10, Duration.ofSeconds(20));
                Load heavy = Load.start(loop.frontend("/work?ms=40"), 16, Duration.ofSeconds(20))) {
            await().atMost(Loop.SCALING).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                List<ScaleDecision> decisions = loop.decisions();
                int desired = decisions.get(decisions.size() - 1).desiredReplicas();
                return desired >= 2 && loop.serversUp().size() == desired;
            });
            System.out.printf("scale-out under load: %s, failed requests %d%n", loop.serversUp().size() + " servers UP",
                    steady.stop().failed());
        } finally {
            sampler.shutdownNow();
        }
        return new LinkedHashMap<>(peak);
    }

    /**
     * Each service image started without a network (Kafka unreachable, its clients just retry) with its
     * class-data archive and without it (the JDK's own archive only), alternately: Quarkus' own
     * "started in", so the comparison leaves Kafka and readiness out.
     */
    private static Map<String, String> classDataSharing(int runs) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String service : Loop.SERVICES) {
            List<Double> on = new ArrayList<>();
            List<Double> off = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                on.add(startedIn(service, true));
                off.add(startedIn(service, false));
            }
            lines.put(service, "%.2f s / %.2f s  (load average %s)".formatted(median(on), median(off), loadAverage()));
        }
        return lines;
    }

    private static double startedIn(String service, boolean appCds) {
        try (GenericContainer<?> container = new GenericContainer<>(TestImages.service(service))
                .withNetworkMode("none")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withMemory(StackLimits.memoryBytes(service)).withMemorySwap(StackLimits.memoryBytes(service)))
                .waitingFor(Wait.forLogMessage(".* started in .*", 1).withStartupTimeout(Duration.ofMinutes(3)))) {
            if (!appCds) {
                container.withEnv("JAVA_CDS_OPTS", "-Xshare:auto");
            }
            container.start();
            Matcher started = STARTED.matcher(container.getLogs());
            return started.find() ? Double.parseDouble(started.group(1)) : Double.NaN;
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "?";
        }
    }

    private static String limit(String container) {
        try {
            return "%.0fM".formatted(mib(StackLimits.memoryBytes(container)));
        } catch (IllegalStateException e) {
            return "-";
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static double mib(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / 1048576.0;
    }

    private static ProcessMemory sum(Map<String, ProcessMemory> memory) {
        return memory.values().stream().reduce(new ProcessMemory(0, 0), ProcessMemory::sum);
    }

    private static String seconds(Duration d) {
        return d == null ? "-" : "%.2f".formatted(d.toMillis() / 1000.0);
    }
}
