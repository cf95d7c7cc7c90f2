package io.autoscaler.provisioner.docker;

import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

/** One engine's API at {@code host}: docker-java's typed client and the HTTP client under it. */
record Connection(DockerClient docker, DockerHttpClient http) {
    static Connection to(String host) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host)
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig()).connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(60)).maxConnections(32).build();
        return new Connection(DockerClientImpl.getInstance(config, http), http);
    }
}
