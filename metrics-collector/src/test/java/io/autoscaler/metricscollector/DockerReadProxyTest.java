package io.autoscaler.metricscollector;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import io.autoscaler.testing.TestImages;

/**
 * The stack's docker-read-proxy (infra/haproxy/docker-read-proxy.cfg, as compose runs it): through its socket
 * the collector's calls work (list, inspect, stats) and any write is refused before it reaches Docker.
 */
class DockerReadProxyTest {
    private static final Path CONFIG = Path.of("..", "infra", "haproxy", "docker-read-proxy.cfg").toAbsolutePath();

    private static Path socketDir;
    private static GenericContainer<?> proxy;
    private static DockerClient docker;

    @BeforeAll
    static void startProxy() throws Exception {
        socketDir = Files.createTempDirectory("docker-read");
        // Bound in the create command: withFileSystemBind makes Testcontainers probe mounting with
        // alpine:3.17 first, which cannot be pulled offline.
        proxy = new GenericContainer<>(TestImages.haproxy())
                .withCreateContainerCmdModifier(cmd -> cmd.withUser("root").getHostConfig().withBinds(
                        new Bind(CONFIG.toString(), new Volume("/usr/local/etc/haproxy/haproxy.cfg"), AccessMode.ro),
                        new Bind("/var/run/docker.sock", new Volume("/var/run/docker.sock")),
                        new Bind(socketDir.toString(), new Volume("/var/run/docker-read"))))
                .withNetworkMode("none")
                .waitingFor(Wait.forLogMessage(".*Loading success.*", 1).withStartupTimeout(Duration.ofSeconds(30)));
        proxy.start();
        String host = "unix://" + socketDir.resolve("docker.sock");
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofSeconds(10)).build());
    }

    @AfterAll
    static void stopProxy() throws Exception {
        if (docker != null) {
            docker.close();
        }
        if (proxy != null) {
            proxy.stop();
        }
        Files.deleteIfExists(socketDir.resolve("docker.sock"));
        Files.deleteIfExists(socketDir);
    }

    @Test
    void socketBelongsToTheCollectorsUidAlone() throws Exception {
        var stat = proxy.execInContainer("stat", "-c", "%a %u", "/var/run/docker-read/docker.sock");
        assertThat(stat.getStdout().strip(), is("600 185"));
    }

    @Test
    void theCollectorsReadsPass() throws Exception {
        docker.pingCmd().exec();
        String self = proxy.getContainerId();
        assertThat(docker.listContainersCmd().exec().stream().map(c -> c.getId()).toList(), hasItem(self));
        assertThat(docker.inspectContainerCmd(self).exec().getId(), is(self));
        var firstFrame = new ResultCallback.Adapter<Statistics>() {
            volatile Statistics frame;

            @Override
            public void onNext(Statistics statistics) {
                frame = statistics;
                try {
                    close();
                } catch (Exception e) {
                    // closing a finished stream
                }
            }
        };
        docker.statsCmd(self).exec(firstFrame).awaitCompletion(10, TimeUnit.SECONDS);
        assertThat(firstFrame.frame != null, is(true));
    }

    @Test
    void writesAndOtherReadsAreRefused() {
        String self = proxy.getContainerId();
        assertThrows(DockerException.class,
                () -> docker.createContainerCmd(TestImages.demoApp().asCanonicalNameString()).exec());
        assertThrows(DockerException.class, () -> docker.stopContainerCmd(self).exec());
        assertThrows(DockerException.class, () -> docker.execCreateCmd(self).withCmd("true").exec());
        assertThrows(DockerException.class, () -> docker.listImagesCmd().exec());
        assertThat(proxy.isRunning(), is(true));
    }
}
