package io.autoscaler.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.InstanceEvent;
import io.autoscaler.events.LbEvent;
import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;

/**
 * The numbers behind README "Restarts": each service of a private stack stopped gracefully ({@code docker
 * stop}, 10 s before SIGKILL) and killed ({@code SIGKILL}), then started again. Per service and way: how
 * long the stop took, and from the new process' start to ready and to its first action on something that
 * happened while it was down:
 * <ul>
 * <li>provisioner: an app instance killed meanwhile is relaunched (its LAUNCHED event);</li>
 * <li>decision-engine: a pool whose minimum was raised meanwhile gets a decision;</li>
 * <li>lb-configurator: the instance that replaced a killed one meanwhile gets its server (ADDED);</li>
 * <li>metrics-collector: a CPU snapshot of the pool.</li>
 * </ul>
 * Prints, asserts nothing timed. Run alone:
 * {@code ./mvnw -B verify -pl e2e -am -Dtest=RestartBenchmark -Dsurefire.failIfNoSpecifiedTests=false ...}.
 */
class RestartBenchmark {
    private static final Duration ACTS = Duration.ofMinutes(3);
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    /** {@code bootMs}: Quarkus' own "started in", the JVM's share of start→ready on this machine. */
    record Result(String service, String way, long stopMs, long bootMs, long readyMs, long actsMs) {
        @Override
        public String toString() {
            return String.format("%-17s %-8s stop %6d ms   boot %6d ms   start→ready %6d ms   start→acts %6d ms",
                    service, way, stopMs, bootMs, readyMs, actsMs);
        }
    }

    @Test
    void restartEachServiceGracefullyAndKilled() {
        String pool = "restart-" + UUID.randomUUID().toString().substring(0, 6);
        List<Result> results = new ArrayList<>();
        try (Loop loop = Loop.start(pool)) {
            await().atMost(Loop.SCALING).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .untilAsserted(() -> loop.putPool(loop.spec(1)));
            loop.awaitConverged();
            for (String service : Loop.SERVICES) {
                for (boolean graceful : new boolean[] {true, false}) {
                    Result result = once(loop, service, graceful);
                    System.out.println(result);
                    results.add(result);
                    loop.awaitConverged();
                }
            }
        }
        System.out.println("restart benchmark:");
        results.forEach(System.out::println);
    }

    private static Result once(Loop loop, String service, boolean graceful) {
        long t0 = System.nanoTime();
        if (graceful) {
            loop.stopService(service, Duration.ofSeconds(10));
        } else {
            loop.killService(service);
        }
        long stopMs = millisSince(t0);
        whileDown(loop, service);
        Instant started = Instant.now();
        long t1 = System.nanoTime();
        loop.startService(service);
        await().atMost(ACTS).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> loop.readyNow(service));
        long readyMs = millisSince(t1);
        Instant acted = await().atMost(ACTS).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> firstAction(loop, service, started), Optional::isPresent).get();
        if (service.equals("decision-engine")) {
            // back to one instance, decided and done, so that the next run's raised minimum is news again
            await().atMost(Loop.SCALING).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .untilAsserted(() -> loop.putPool(loop.spec(1)));
            await().atMost(Loop.SCALING).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> loop.decisions().get(loop.decisions().size() - 1).desiredReplicas() == 1
                            && loop.membership().instances().size() == 1);
        }
        return new Result(service, graceful ? "graceful" : "kill -9", stopMs, lastBootMs(loop.logs(service)), readyMs,
                Duration.between(started, acted).toMillis());
    }

    /** Makes work for the service while it is down: what its first action is about. */
    private static void whileDown(Loop loop, String service) {
        switch (service) {
            case "provisioner" -> loop.killApp(Loop.running(loop.membership()).get(0).containerId());
            case "decision-engine" -> loop.records().sendRaw(Topics.POOLS, loop.pool, loop.spec(2));
            case "lb-configurator" -> {
                PoolMembership.Instance victim = Loop.running(loop.membership()).get(0);
                loop.killApp(victim.containerId());
                await().atMost(Loop.SCALING).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> Loop.running(loop.membership()).stream()
                                .anyMatch(i -> !i.instanceId().equals(victim.instanceId())));
            }
            default -> {
            }
        }
    }

    private static Optional<Instant> firstAction(Loop loop, String service, Instant started) {
        return switch (service) {
            case "provisioner" -> first(loop, Topics.INSTANCE_EVENTS, InstanceEvent.class,
                    e -> e.pool().equals(loop.pool) && e.state() == InstanceEvent.State.LAUNCHED
                            && e.timestamp().isAfter(started)).map(InstanceEvent::timestamp);
            case "decision-engine" -> first(loop, Topics.SCALE_EVENTS, ScaleDecision.class,
                    d -> d.pool().equals(loop.pool) && d.timestamp().isAfter(started)).map(ScaleDecision::timestamp);
            case "lb-configurator" -> {
                Set<String> members = Loop.running(loop.membership()).stream()
                        .map(PoolMembership.Instance::instanceId).collect(Collectors.toSet());
                yield first(loop, Topics.LB_EVENTS, LbEvent.class,
                        e -> e.pool().equals(loop.pool) && e.state() == LbEvent.State.ADDED
                                && members.contains(e.instanceId()) && e.timestamp().isAfter(started))
                        .map(LbEvent::timestamp);
            }
            default -> first(loop, Topics.METRICS_CPU, CpuSnapshot.class,
                    s -> s.pool().equals(loop.pool) && s.timestamp().isAfter(started)).map(CpuSnapshot::timestamp);
        };
    }

    private static <T> Optional<T> first(Loop loop, String topic, Class<T> type, Predicate<T> matching) {
        return loop.records().readAll(topic).stream().filter(r -> r.value() != null).map(r -> {
            try {
                return EventJson.decode(r.value(), type);
            } catch (RuntimeException e) {
                return null;
            }
        }).filter(e -> e != null && matching.test(e)).findFirst();
    }

    private static long lastBootMs(String log) {
        Matcher m = STARTED.matcher(log);
        double seconds = -0.001;
        while (m.find()) {
            seconds = Double.parseDouble(m.group(1));
        }
        return Math.round(seconds * 1000);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
