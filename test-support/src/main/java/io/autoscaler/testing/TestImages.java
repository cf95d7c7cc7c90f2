package io.autoscaler.testing;

import org.testcontainers.utility.DockerImageName;

/**
 * The images integration tests run. Each defaults to the official image and is overridden by a
 * system property (set by the build from {@code -Dautoscaler.kafka.image=...}) or an environment
 * variable, which is how {@code infra/stack test} substitutes local images where no registry is.
 */
public final class TestImages {
    private TestImages() {
    }

    public static DockerImageName kafka() {
        return DockerImageName.parse(named("autoscaler.kafka.image", "AUTOSCALER_KAFKA_IMAGE", "apache/kafka:4.1.1"))
                .asCompatibleSubstituteFor("apache/kafka");
    }

    public static DockerImageName haproxy() {
        return DockerImageName.parse(named("autoscaler.haproxy.image", "AUTOSCALER_HAPROXY_IMAGE", "haproxy:2.8"))
                .asCompatibleSubstituteFor("haproxy");
    }

    public static DockerImageName demoApp() {
        return DockerImageName.parse(
                named("autoscaler.demo-app.image", "AUTOSCALER_DEMO_APP_IMAGE", "autoscaler/demo-app:latest"));
    }

    /** One of our four service images, e.g. {@code service("decision-engine")}; built by infra/images/build. */
    public static DockerImageName service(String name) {
        return DockerImageName.parse(named("autoscaler." + name + ".image",
                "AUTOSCALER_" + name.toUpperCase().replace('-', '_') + "_IMAGE", "autoscaler/" + name + ":latest"));
    }

    static String named(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
