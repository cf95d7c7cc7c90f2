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

/**
 * The cases of Kubernetes' replica calculator tests, for a CPU target in percent. Instances are written
 * as "70" (ready, 70 %), "u70" (unready, 70 %), "-" (ready, no value) or "u-" (unready, no value).
 */
class ReplicaCalculatorTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                // name, current, target, instances, expected (-1: no proposal)
                Arguments.of("scale up", 3, 30, "30 50 70", 5),
                Arguments.of("scale down", 5, 50, "10 30 50 25 25", 3),
                Arguments.of("within tolerance: no change", 3, 50, "52 48 55", 3),
                Arguments.of("just outside tolerance", 3, 50, "56 56 56", 4),
                Arguments.of("scale up counts unready instances as idle", 3, 30, "u30 50 70", 4),
                Arguments.of("unready instances can cancel a scale-up", 3, 30, "40 u50 u70", 3),
                Arguments.of("scale down ignores unready instances", 5, 50, "10 30 50 u25 u25", 2),
                Arguments.of("scale down ignores unready instances even without values", 5, 50, "10 30 50 u- u-", 2),
                Arguments.of("missing metrics on scale up count as idle", 3, 50, "90 90 -", 4),
                Arguments.of("missing metrics on scale down count as on target", 3, 50, "10 10 -", 2),
                Arguments.of("missing metrics that flip a scale-up: no change", 2, 50, "60 -", 2),
                Arguments.of("missing metrics that flip a scale-down: no change", 2, 50, "40 -", 2),
                Arguments.of("missing metrics landing within tolerance: no change", 4, 50, "100 - - -", 4),
                Arguments.of("missing and unready on scale up", 5, 50, "100 100 100 - u-", 6),
                Arguments.of("missing and unready idle land on target: no change", 4, 50, "100 100 - u-", 4),
                Arguments.of("no value from any ready instance: no proposal", 3, 50, "- - u80", -1),
                Arguments.of("no instances: no proposal", 0, 50, "", -1),
                Arguments.of("a single idle instance scales to one, not zero", 1, 50, "1", 1),
                Arguments.of("exact ratio: no ceil noise", 5, 50, "60 60 60 60 60", 6),
                Arguments.of("far above target", 2, 50, "100 100", 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replicaCount(String name, int current, double target, String instances, int expected) {
        OptionalInt replicas = ReplicaCalculator.replicas("cpu", target, 0.1, current, parse(instances));
        assertThat(name, replicas.isPresent() ? replicas.getAsInt() : -1, is(expected));
    }

    static List<InstanceView> parse(String instances) {
        List<InstanceView> views = new ArrayList<>();
        int n = 0;
        for (String token : instances.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            boolean ready = !token.startsWith("u");
            String value = ready ? token : token.substring(1);
            Map<String, Double> metrics = value.equals("-") ? Map.of() : Map.of("cpu", Double.parseDouble(value));
            views.add(new InstanceView("i" + n++, ready, metrics));
        }
        return views;
    }
}
