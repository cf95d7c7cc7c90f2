package io.autoscaler.decisionengine.policy;

/**
 * What one metric asks for: {@code replicas}, because the metric stood at {@code value} against its
 * {@code target} (or, for a step policy, fell in a band); {@code why} says so in words.
 */
public record Proposal(String metric, double value, int replicas, String why) {
}
