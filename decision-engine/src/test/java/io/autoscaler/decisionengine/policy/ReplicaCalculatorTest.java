package io.autoscaler.decisionengine.policy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.decisionengine.policy.InstanceView.Readiness;

/**
 * HPA's replica calculation, rule by rule as its documentation states it. Instances are written as
 * "70" (ready, 70), "-" (ready, no value), and with a prefix for the other states: "p" pending (not
 * running yet), "w" warming up (HPA's initialization), "n" never ready (DOWN since start), "d" not ready
 * after having been ready (DOWN now): "w70", "p-", "d90".
 */
class ReplicaCalculatorTest {
    static Stream<Arguments> cpu() {
        return Stream.of(
                // name, current, target, instances, expected (-1: no proposal); tolerance 0.1 both ways
                Arguments.of("scale up", 3, 30, "30 50 70", 5),
                Arguments.of("scale down", 5, 50, "10 30 50 25 25", 3),
                Arguments.of("within tolerance: no change", 3, 50, "52 48 55", 3),
                Arguments.of("just outside tolerance", 3, 50, "56 56 56", 4),
                Arguments.of("whole percent: 55.5 % is 55 %, within tolerance", 3, 50, "55.5 55.5 55.5", 3),
                Arguments.of("scale up counts warming-up instances as idle", 3, 30, "w30 50 70", 4),
                Arguments.of("scale up counts pending instances as idle", 3, 30, "p30 50 70", 4),
                Arguments.of("unready instances can cancel a scale-up", 3, 30, "40 w50 w70", 3),
                Arguments.of("scale down ignores warming-up instances", 5, 50, "10 30 50 w25 w25", 2),
                Arguments.of("scale down ignores pending instances even without values", 5, 50, "10 30 50 p- p-", 2),
                Arguments.of("a running instance without a value is missing, even warming up", 5, 50, "10 30 50 w- w-",
                        5),
                Arguments.of("never ready: CPU ignored", 4, 50, "10 10 n90 n90", 1),
                Arguments.of("DOWN after having been ready: CPU counts", 4, 50, "10 10 d90 d90", 4),
                Arguments.of("never ready without a value is missing", 3, 50, "10 10 n-", 3),
                Arguments.of("missing on scale up count as idle", 3, 50, "90 90 -", 4),
                Arguments.of("missing CPU on scale down counts as 100 %", 3, 50, "10 10 -", 3),
                Arguments.of("issue 14: two at 10 %, one pending, one without a sample", 4, 50, "10 10 p- -", 3),
                Arguments.of("missing CPU on scale down with a target over 100 % counts as the target", 4, 200,
                        "20 20 20 -", 2),
                Arguments.of("missing that flip a scale-up: no change", 2, 50, "60 -", 2),
                Arguments.of("missing that flip a scale-down: no change", 2, 50, "40 -", 2),
                Arguments.of("missing landing within tolerance: no change", 4, 50, "100 90 - -", 4),
                Arguments.of("missing and unready on scale up", 5, 50, "100 100 100 - p-", 6),
                Arguments.of("missing and unready idle land on target: no change", 4, 50, "100 100 - p-", 4),
                Arguments.of("no value from any ready instance: no proposal", 3, 50, "- - w80", -1),
                Arguments.of("no instances: no proposal", 0, 50, "", -1),
                Arguments.of("a single idle instance scales to one, not zero", 1, 50, "1", 1),
                Arguments.of("exact ratio", 5, 50, "60 60 60 60 60", 6),
                Arguments.of("far above target", 2, 50, "100 100", 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cpu")
    void cpuReplicaCount(String name, int current, double target, String instances, int expected) {
        OptionalInt replicas = ReplicaCalculator.replicas("cpu", target, 0.1, 0.1, current, parse("cpu", instances));
        assertThat(name, replicas.isPresent() ? replicas.getAsInt() : -1, is(expected));
    }

    static Stream<Arguments> tolerancesAndHaproxyMetrics() {
        return Stream.of(
                // name, metric, target, current, down tolerance, up tolerance, instances, expected
                Arguments.of("a wider up tolerance holds 116 %", "cpu", 50, 3, 0.1, 0.2, "58 58 58", 3),
                Arguments.of("the same load with 0.1 up scales", "cpu", 50, 3, 0.1, 0.1, "58 58 58", 4),
                Arguments.of("no down tolerance: 90 % scales in", "cpu", 50, 10, 0.0, 0.1,
                        "45 45 45 45 45 45 45 45 45 45", 9),
                Arguments.of("the same load with 0.1 down holds", "cpu", 50, 10, 0.1, 0.1,
                        "45 45 45 45 45 45 45 45 45 45", 10),
                Arguments.of("a wide down tolerance holds 60 %", "cpu", 50, 4, 0.5, 0.1, "30 30 30 30", 4),
                Arguments.of("sessions of servers DOWN are ignored, so no scale-in", "sessions", 10, 4, 0.1, 0.1,
                        "12 12 d0 d0", 4),
                Arguments.of("missing sessions on scale down count as the target", "sessions", 10, 3, 0.1, 0.1,
                        "2 2 -", 2),
                Arguments.of("sessions are not truncated", "sessions", 10, 2, 0.1, 0.1, "11.5 11.5", 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tolerancesAndHaproxyMetrics")
    void replicaCount(String name, String metric, double target, int current, double down, double up,
            String instances, int expected) {
        OptionalInt replicas = ReplicaCalculator.replicas(metric, target, down, up, current, parse(metric, instances));
        assertThat(name, replicas.isPresent() ? replicas.getAsInt() : -1, is(expected));
    }

    static List<InstanceView> parse(String metric, String instances) {
        List<InstanceView> views = new ArrayList<>();
        int n = 0;
        for (String token : instances.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            Readiness readiness = switch (token.charAt(0)) {
                case 'p' -> Readiness.PENDING;
                case 'w' -> Readiness.WARMING_UP;
                case 'n' -> Readiness.NEVER_READY;
                case 'd' -> Readiness.NOT_READY;
                default -> Readiness.READY;
            };
            String value = readiness == Readiness.READY ? token : token.substring(1);
            Map<String, Double> metrics = value.equals("-") ? Map.of() : Map.of(metric, Double.parseDouble(value));
            views.add(new InstanceView("i" + n++, readiness, metrics));
        }
        return views;
    }
}
