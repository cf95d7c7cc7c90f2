package io.autoscaler.decisionengine.policy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.PoolSpec;

/**
 * AWS step scaling's adjustments, as its documentation states them: the adjustment type, the step's
 * change, the minimum magnitude (percent only), the desired count and how many instances have warmed
 * up; and the count the step makes of it.
 */
class StepAdjustmentTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                // name, adjustmentType, change, minAdjustmentMagnitude (0: none), desired, warmed up, expected
                Arguments.of("change in capacity adds", "ChangeInCapacity", 2, 0, 10, 10, 12),
                Arguments.of("change in capacity removes", "ChangeInCapacity", -3, 0, 10, 10, 7),
                Arguments.of("never below zero", "ChangeInCapacity", -3, 0, 2, 2, 0),
                Arguments.of("percent: 20 % of 10 is 2", "PercentChangeInCapacity", 20, 0, 10, 10, 12),
                Arguments.of("percent rounds toward zero: 25 % of 10 is 2", "PercentChangeInCapacity", 25, 0, 10, 10, 12),
                Arguments.of("percent removing rounds toward zero: -25 % of 10 is -2", "PercentChangeInCapacity", -25, 0,
                        10, 10, 8),
                Arguments.of("percent under one instance is one: 10 % of 4", "PercentChangeInCapacity", 10, 0, 4, 4, 5),
                Arguments.of("percent under one instance removing is one", "PercentChangeInCapacity", -10, 0, 4, 4, 3),
                Arguments.of("minimum magnitude raises a small percent", "PercentChangeInCapacity", 10, 3, 10, 10, 13),
                Arguments.of("minimum magnitude removing", "PercentChangeInCapacity", -10, 3, 10, 10, 7),
                Arguments.of("minimum magnitude below the percent changes nothing", "PercentChangeInCapacity", 50, 2, 10,
                        10, 15),
                Arguments.of("exact capacity sets the count", "ExactCapacity", 6, 0, 10, 10, 6),
                Arguments.of("exact capacity ignores warmup", "ExactCapacity", 12, 0, 10, 8, 12),
                Arguments.of("the same step while the last one warms up adds nothing", "ChangeInCapacity", 2, 0, 12, 10,
                        12),
                Arguments.of("a higher step while warming up adds the difference", "ChangeInCapacity", 3, 0, 12, 10, 13),
                Arguments.of("instances not yet started count as warming up", "ChangeInCapacity", 2, 0, 12, 9, 12),
                Arguments.of("percent of the warmed-up instances only", "PercentChangeInCapacity", 50, 0, 12, 10, 15),
                Arguments.of("a scale-in counts every instance", "ChangeInCapacity", -2, 0, 12, 10, 10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCountAStepMakes(String name, String type, int change, int minMagnitude, int desired, int warmedUp,
            int expected) {
        PoolSpec.Policy policy = new PoolSpec.Policy("step", null, null, null, null, null, null, type,
                minMagnitude == 0 ? null : minMagnitude, null);

        assertThat(name, StepAdjustment.apply(policy, change, desired, warmedUp).replicas(), is(expected));
    }
}
