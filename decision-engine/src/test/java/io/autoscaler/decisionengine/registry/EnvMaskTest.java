package io.autoscaler.decisionengine.registry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.validation.Violation;

/** Env maps written "K=v K2=v2"; "-" is no stored pool; "!env.K" a violation on that key. */
class EnvMaskTest {
    static Stream<Arguments> writes() {
        return Stream.of(
                // given, stored, resulting env or violations
                Arguments.of("A=1 B=2", "-", "A=1 B=2"),
                Arguments.of("A=*** B=2", "A=secret B=1", "A=secret B=2"),
                Arguments.of("A=***", "A=secret B=1", "A=secret"),
                Arguments.of("A=new", "A=secret", "A=new"),
                Arguments.of("", "A=secret", ""),
                Arguments.of("A=***", "-", "!env.A"),
                Arguments.of("A=*** C=***", "A=secret", "!env.C"),
                Arguments.of("A=****", "A=secret", "A=****"));
    }

    @ParameterizedTest(name = "{0} over {1} → {2}")
    @MethodSource("writes")
    void aMaskSentBackKeepsTheStoredValue(String given, String stored, String expected) {
        List<Violation> violations = new ArrayList<>();
        Optional<PoolSpec> kept = "-".equals(stored) ? Optional.empty() : Optional.of(spec(stored));
        PoolSpec result = EnvMask.unmasked(spec(given), kept, violations);
        String outcome = violations.isEmpty() ? text(result.env())
                : violations.stream().map(v -> "!" + v.field()).collect(Collectors.joining(" "));
        assertThat(outcome, is(expected));
    }

    static Stream<Arguments> reads() {
        return Stream.of(
                Arguments.of("A=secret B=2", "A=*** B=***"),
                Arguments.of("", ""));
    }

    @ParameterizedTest(name = "{0} reads as {1}")
    @MethodSource("reads")
    void readsShowKeysButNoValue(String stored, String shown) {
        PoolSpec masked = EnvMask.masked(spec(stored));
        assertThat(text(masked.env()), is(shown));
        assertThat(masked.image(), is("autoscaler/demo-app"));
    }

    private static PoolSpec spec(String env) {
        Map<String, String> values = new TreeMap<>();
        for (String pair : env.trim().split("\\s+")) {
            if (!pair.isEmpty()) {
                values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return new PoolSpec("p", "autoscaler/demo-app", null, values, null, null, null, null, null, null, null, null,
                null, null);
    }

    private static String text(Map<String, String> env) {
        return new TreeMap<>(env).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
