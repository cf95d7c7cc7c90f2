package io.autoscaler.decisionengine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoundTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "pool created: minReplicas 2                                                   | none",
            "cpu 90.0% vs target 50% → 4; limited by scaleUp.policies[0] (Pods 1 per 60000 ms from 2 at the period's start) | scaleUp.policies",
            "cpu 9% vs target 50% → 1; held by scaleDown.policies[1] (Percent 10 per 15000 ms from 4 at the period's start) | scaleDown.policies",
            "cpu 90% vs target 50% → 4; held by scaleUp.selectPolicy Disabled                | scaleUp.selectPolicy",
            "written before: cpu 90.0% vs target 50% → 4; limited by scaleUp.maxStepInstances 1 | scaleUp.maxStepInstances",
            "cpu 9% vs target 50% → 1; stabilized by scaleDown.stabilizationMs 30000 (x 3)  | scaleDown.stabilizationMs",
            "cpu 99% vs target 50% → 12; limited by scaleUp.maxStepPercent 100; clamped to maxReplicas 8 | maxReplicas",
            "pool bounds changed: 9 → 8, clamped to maxReplicas 8                           | maxReplicas",
            "cpu 9% vs target 50% → 1; held by scaleDown.cooldownMs 15000                   | scaleDown.cooldownMs",
            "cpu 9% → 1; held: no scale-in during the first scale-down stabilization window after start | start",
            "cpu 9% → 1; limited by somethingNew 3                                           | other",
            "''                                                                              | none",
    })
    void theLastSettingNamedIsTheBound(String reason, String bound) {
        assertEquals(bound, Bound.of(reason));
    }
}
