package io.autoscaler.metricscollector;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the collector at a {@link DockerSocketProxy} in front of the real Docker socket. */
public class DockerProxyResource implements QuarkusTestResourceLifecycleManager {
    private static DockerSocketProxy proxy;

    @Override
    public Map<String, String> start() {
        proxy = new DockerSocketProxy(Path.of(System.getProperty("java.io.tmpdir"),
                "mc-docker-" + UUID.randomUUID().toString().substring(0, 8) + ".sock"),
                Path.of("/var/run/docker.sock"));
        proxy.start();
        return Map.of("autoscaler.docker.host", proxy.dockerHost());
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }

    static DockerSocketProxy proxy() {
        return proxy;
    }
}
