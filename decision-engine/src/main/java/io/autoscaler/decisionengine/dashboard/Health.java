package io.autoscaler.decisionengine.dashboard;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the page says is wrong, each told apart from the others: the engine cannot reach Kafka (then nothing
 * new is read, so a silent collector says nothing more and is not reported); the engine is still rebuilding
 * its state; or Kafka answers but no metrics snapshot came for a while although pools exist (the
 * metrics-collector is down or cannot read); or a service of the stack does not answer its readiness probe
 * (also not reported while Kafka is unreachable: every service is then not ready because of it). A pool
 * without fresh data of its own says so on its page.
 */
@RegisterForReflection
record Health(boolean deciding, boolean kafkaReachable, Long kafkaUnreachableSeconds, Long collectorSilentSeconds,
        Map<String, String> servicesDown) {

    /**
     * @param kafkaUnreachableSeconds how long the broker has not answered the engine, null while it answers
     * @param snapshotSilentSeconds   how long since the engine last read a metrics snapshot (or started)
     * @param silentAfterSeconds      from when a silence is worth saying
     * @param servicesDown            each probed service not ready: name to "down" or "not ready"
     */
    static Health of(boolean deciding, Long kafkaUnreachableSeconds, long snapshotSilentSeconds, boolean anyPool,
            long silentAfterSeconds, Map<String, String> servicesDown) {
        if (kafkaUnreachableSeconds != null) {
            return new Health(deciding, false, kafkaUnreachableSeconds, null, null);
        }
        boolean collectorSilent = anyPool && snapshotSilentSeconds >= silentAfterSeconds;
        return new Health(deciding, true, null, collectorSilent ? snapshotSilentSeconds : null,
                servicesDown.isEmpty() ? null : servicesDown);
    }
}
