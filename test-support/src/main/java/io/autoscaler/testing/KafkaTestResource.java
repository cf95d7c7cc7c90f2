package io.autoscaler.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the shared secured broker, as the service's own principal (its
 * {@code quarkus.application.name}), so that the tests prove the ACL table is enough for the service:
 * {@code @WithTestResource(KafkaTestResource.class)}. The broker outlives the test class; it belongs to the JVM.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        KafkaBroker.shared().security(principal()).clientProperties().forEach((k, v) -> config.put("kafka." + k, v));
        return config;
    }

    /** The service under test, named by its application.properties. */
    static String principal() {
        Properties props = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IllegalStateException("no application.properties: which service is under test?");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props.getProperty("quarkus.application.name");
    }

    @Override
    public void stop() {
        // shared across test classes; stopped with the JVM
    }
}
