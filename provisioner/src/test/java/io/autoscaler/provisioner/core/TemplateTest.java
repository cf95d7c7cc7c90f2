package io.autoscaler.provisioner.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.PoolSpec;

class TemplateTest {
    private static final PoolSpec BASE = spec("app:1", 8080, Map.of("A", "1"), "net", 0.5, 128);

    static Stream<Arguments> changes() {
        return Stream.of(
                // case, change, whether the containers must be rolled
                Arguments.of("image", (UnaryOperator<PoolSpec>) s -> spec("app:2", 8080, Map.of("A", "1"), "net", 0.5, 128), true),
                Arguments.of("port", (UnaryOperator<PoolSpec>) s -> spec("app:1", 9090, Map.of("A", "1"), "net", 0.5, 128), true),
                Arguments.of("env value", (UnaryOperator<PoolSpec>) s -> spec("app:1", 8080, Map.of("A", "2"), "net", 0.5, 128), true),
                Arguments.of("env added", (UnaryOperator<PoolSpec>) s -> spec("app:1", 8080, Map.of("A", "1", "B", ""), "net", 0.5, 128), true),
                Arguments.of("network", (UnaryOperator<PoolSpec>) s -> spec("app:1", 8080, Map.of("A", "1"), "other", 0.5, 128), true),
                Arguments.of("cpus", (UnaryOperator<PoolSpec>) s -> spec("app:1", 8080, Map.of("A", "1"), "net", 1.0, 128), true),
                Arguments.of("memory", (UnaryOperator<PoolSpec>) s -> spec("app:1", 8080, Map.of("A", "1"), "net", 0.5, 256), true),
                Arguments.of("placement set", (UnaryOperator<PoolSpec>) s -> placed(s, List.of("node.labels.zone==a"), List.of()), true),
                Arguments.of("spread set", (UnaryOperator<PoolSpec>) s -> placed(s, List.of(), List.of("spread=node.labels.zone")), true),
                Arguments.of("placement empty", (UnaryOperator<PoolSpec>) s -> placed(s, List.of(), List.of()), false),
                Arguments.of("replica bounds", (UnaryOperator<PoolSpec>) s -> s.withReplicas(3, 9), false),
                Arguments.of("policy", (UnaryOperator<PoolSpec>) s -> s.withPolicy(new PoolSpec.Policy("step", null,
                        List.of(new PoolSpec.Step("cpu", 80.0, null, 1)), null, null, null, null)), false),
                Arguments.of("timestamp", (UnaryOperator<PoolSpec>) s -> s.withTimestamp(java.time.Instant.EPOCH), false));
    }

    @ParameterizedTest(name = "{0} changed: rolled = {2}")
    @MethodSource("changes")
    void onlyWhatAContainerIsLaunchedFromChangesTheTemplate(String name, UnaryOperator<PoolSpec> change, boolean rolled) {
        assertThat(!Template.of(change.apply(BASE)).equals(Template.of(BASE)), is(rolled));
    }

    @Test
    void theTemplateIsAShortStableDigestWhateverTheEnvOrder() {
        PoolSpec oneOrder = spec("app:1", 8080, new java.util.LinkedHashMap<>(Map.of("A", "1")), "net", 0.5, 128);
        java.util.LinkedHashMap<String, String> twoVars = new java.util.LinkedHashMap<>();
        twoVars.put("B", "2");
        twoVars.put("A", "1");
        java.util.LinkedHashMap<String, String> reversed = new java.util.LinkedHashMap<>();
        reversed.put("A", "1");
        reversed.put("B", "2");
        assertThat(Template.of(BASE), matchesRegex("[0-9a-f]{12}"));
        assertThat(Template.of(oneOrder), is(Template.of(BASE)));
        assertThat(Template.of(spec("app:1", 8080, twoVars, "net", 0.5, 128)),
                is(Template.of(spec("app:1", 8080, reversed, "net", 0.5, 128))));
        assertThat(Template.of(spec("app:1", 8080, twoVars, "net", 0.5, 128)), not(Template.of(BASE)));
    }

    private static PoolSpec placed(PoolSpec s, List<String> constraints, List<String> preferences) {
        return new PoolSpec(s.name(), s.image(), s.port(), s.env(), s.network(), null, null, null, null, null, null,
                s.resources(), null, null, null, null, null, null, null, null,
                new PoolSpec.Placement(constraints, preferences));
    }

    private static PoolSpec spec(String image, int port, Map<String, String> env, String network, double cpus,
            int memoryMb) {
        return new PoolSpec("p", image, port, env, network, null, null, null, null, null, null,
                new PoolSpec.Resources(cpus, memoryMb), null, null);
    }
}
