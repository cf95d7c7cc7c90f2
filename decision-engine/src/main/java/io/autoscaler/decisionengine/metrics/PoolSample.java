package io.autoscaler.decisionengine.metrics;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One pool at one moment, as the gauges and the dashboard show it: {@code at} in epoch milliseconds,
 * {@code desired} null before the first decision, each policy metric's average (absent without fresh
 * data) and target, and HAProxy's request rate and 5xx responses per second for the backend (null without
 * a fresh snapshot; the 5xx rate also needs two snapshots that carry the count).
 */
@RegisterForReflection
public record PoolSample(String pool, long at, int current, Integer desired, int min, int max,
        Map<String, Double> averages, Map<String, Double> targets, Double requestRate, Double errorRate,
        boolean dryRun) {
}
