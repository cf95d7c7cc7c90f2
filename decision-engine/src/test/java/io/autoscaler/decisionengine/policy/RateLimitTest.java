package io.autoscaler.decisionengine.policy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;

/**
 * HPA's scaling policies, as its documentation states them, through the bounds of one evaluation.
 * Rules are written "Pods4/15 Percent100/15 Min" (type, value, period in seconds, then selectPolicy;
 * "default" is HPA's default for the direction); the pool's past desired counts "2@-60 6@-10" (count at
 * seconds before now), the last one being the current count.
 */
class RateLimitTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, rules of the direction moved in, past counts, recommended, expected, reason ("" none)
                Arguments.of("HPA's default: +4 beats doubling at 2", "default", "2@-60", 10, 6,
                        "limited by scaleUp.policies[1] (Pods 4 per 15000 ms from 2"),
                Arguments.of("HPA's default: doubling beats +4 at 10", "default", "10@-60", 30, 20,
                        "limited by scaleUp.policies[0] (Percent 100 per 15000 ms from 10"),
                Arguments.of("the budget counts from the period's start", "Pods4/15", "2@-60 6@-10", 10, 6,
                        "held by scaleUp.policies[0] (Pods 4 per 15000 ms from 2"),
                Arguments.of("what is left of the budget", "Pods4/15", "2@-60 4@-5", 12, 6,
                        "limited by scaleUp.policies[0] (Pods 4 per 15000 ms from 2"),
                Arguments.of("a change exactly one period old no longer counts", "Pods4/15", "2@-60 6@-15", 12, 10,
                        "from 6"),
                Arguments.of("each policy has its own period", "Pods2/10 Pods5/60", "4@-100 6@-30 8@-5", 20, 9,
                        "limited by scaleUp.policies[1] (Pods 5 per 60000 ms from 4 at the period's start, "
                                + "selectPolicy Max)"),
                Arguments.of("Min takes the policy allowing less", "Percent100/15 Pods4/15 Min", "10@-60", 30, 14,
                        "limited by scaleUp.policies[1] (Pods 4 per 15000 ms from 10 at the period's start, "
                                + "selectPolicy Min)"),
                Arguments.of("Disabled never scales up", "Pods4/15 Disabled", "3@-60", 5, 3,
                        "held by scaleUp.selectPolicy Disabled"),
                Arguments.of("a scale-down in the period gives budget back", "Pods4/60", "6@-100 4@-30", 10, 10, ""),
                Arguments.of("percent rounds up when growing", "Percent50/15", "3@-60", 10, 5, "Percent 50"),
                Arguments.of("HPA's default: down to the recommendation at once", "default", "10@-60", 1, 1, ""),
                Arguments.of("one per minute", "Pods1/60", "5@-100 4@-30", 1, 4,
                        "held by scaleDown.policies[0] (Pods 1 per 60000 ms from 5"),
                Arguments.of("percent truncates when shrinking", "Percent50/15", "5@-60", 1, 2,
                        "limited by scaleDown.policies[0] (Percent 50 per 15000 ms from 5"),
                Arguments.of("Max takes the policy allowing more, down", "Percent50/15 Pods1/15", "10@-60", 1, 5,
                        "scaleDown.policies[0]"),
                Arguments.of("Min takes the policy allowing less, down", "Percent50/15 Pods1/15 Min", "10@-60", 1, 9,
                        "scaleDown.policies[1]"),
                Arguments.of("Disabled never scales down", "Percent100/15 Disabled", "4@-60", 1, 4,
                        "held by scaleDown.selectPolicy Disabled"),
                Arguments.of("a scale-up in the period counts against a scale-down", "Pods2/60", "4@-100 6@-30", 1, 2,
                        "from 4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theLimitOfThePeriod(String name, String rules, String past, int recommended, int expected, String reason) {
        PoolHistory history = new PoolHistory();
        int current = 0;
        for (String count : past.split(" ")) {
            String[] parts = count.split("@");
            current = Integer.parseInt(parts[0]);
            history.decided(new ScaleDecision(UUID.randomUUID(), "p", ScaleDecision.Type.SCALE, current, current, null,
                    "earlier", Map.of(), false, NOW.plusSeconds(Long.parseLong(parts[1]))));
        }
        PoolSpec.Rules given = rules("default".equals(rules) ? null : rules);
        boolean up = recommended > current;
        PoolSpec.Policy policy = new PoolSpec.Policy(null, null, null, null, up ? given : free(),
                up ? free() : given, 0L);
        PoolSpec spec = PoolSpec.of("p", "autoscaler/demo-app").withReplicas(0, 100).withPolicy(policy);

        Behavior.Outcome outcome = Behavior.apply(spec, history, current, recommended, NOW);

        assertThat(name, outcome.replicas(), is(expected));
        if (reason.isEmpty()) {
            assertThat(name, outcome.shapedBy(), is(empty()));
        } else {
            assertThat(name, String.join("; ", outcome.shapedBy()), containsString(reason));
        }
    }

    /** No stabilization, and for the direction not under test, no limit. */
    private static PoolSpec.Rules free() {
        return rules("Percent10000/1");
    }

    private static PoolSpec.Rules rules(String notation) {
        if (notation == null) {
            return new PoolSpec.Rules(0L, null, null, null, null, null, null);
        }
        List<PoolSpec.RatePolicy> policies = new ArrayList<>();
        String select = null;
        for (String token : notation.split(" ")) {
            if (!token.contains("/")) {
                select = token;
                continue;
            }
            String type = token.startsWith("Pods") ? "Pods" : "Percent";
            String[] valuePeriod = token.substring(type.length()).split("/");
            policies.add(new PoolSpec.RatePolicy(type, Integer.parseInt(valuePeriod[0]),
                    Long.parseLong(valuePeriod[1]) * 1000));
        }
        return new PoolSpec.Rules(0L, policies, select, null, null, null, null);
    }
}
