package io.autoscaler.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the shared real broker:
 * {@code @QuarkusTestResource(KafkaTestResource.class)} (or {@code @WithTestResource}).
 * The broker outlives the test class; it belongs to the JVM.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
    }

    @Override
    public void stop() {
        // shared across test classes; stopped with the JVM
    }
}
