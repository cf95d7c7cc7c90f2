package io.autoscaler.e2e;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.DockerClientFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import io.autoscaler.testing.HaproxyContainer;

/**
 * What an app the stack scales can reach, tried from inside a container the provisioner launched: the
 * frontend through HAProxy, and nothing of the control plane (Kafka, the API, any service's HTTP port,
 * HAProxy's stats page and admin port), by any of their addresses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationTest {
    private static final DockerClient DOCKER = DockerClientFactory.instance().client();
    /** Kafka's listeners in the loop: the host's, the broker's, the controller's and the services'. */
    private static final int[] KAFKA_PORTS = { 9092, 9093, 9094, 19092 };

    private final String pool = "e2e-" + UUID.randomUUID().toString().substring(0, 6);
    private Loop loop;

    @BeforeAll
    void startTheSystem() {
        loop = Loop.start(pool);
    }

    @AfterAll
    void stopTheSystem() {
        if (loop != null) {
            loop.close();
        }
    }

    @Test
    void anAppReachesTheFrontendAndNothingOfTheControlPlane() throws Exception {
        loop.putPool(loop.spec(1));
        await().atMost(Loop.SCALING).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> loop.serversUp().size() == 1);
        String app = loop.runningAppContainers().get(0).getId();

        String page = run(app, "exec 3<>/dev/tcp/haproxy/8080 && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3");
        assertThat(page, containsString(" 200 "));

        List<String> reached = new ArrayList<>();
        for (int port : KAFKA_PORTS) {
            probe(app, "kafka", port, reached);
        }
        for (String service : Loop.SERVICES) {
            probe(app, service, 8080, reached);
        }
        probe(app, "haproxy", HaproxyContainer.STATS_PORT, reached);
        probe(app, "haproxy", HaproxyContainer.ADMIN_PORT, reached);
        assertThat("reachable from an app container", reached, is(empty()));
    }

    /** Tries the container's control address and, if it has one, its data address; adds what answered. */
    private void probe(String app, String container, int port, List<String> reached) throws Exception {
        for (boolean onControl : new boolean[] { true, false }) {
            String ip = loop.address(container, onControl);
            if (ip == null) {
                continue;
            }
            // bounded: a refused connection fails at once, a dropped one after 2 s
            String out = run(app, "timeout 2 bash -c 'exec 3<>/dev/tcp/" + ip + "/" + port + "' && echo CONNECTED");
            if (out.contains("CONNECTED")) {
                reached.add(container + " " + ip + ":" + port);
            }
        }
    }

    private static String run(String containerId, String script) throws Exception {
        String exec = DOCKER.execCreateCmd(containerId).withAttachStdout(true).withAttachStderr(true)
                .withCmd("bash", "-c", script).exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DOCKER.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.writeBytes(frame.getPayload());
            }
        }).awaitCompletion(10, TimeUnit.SECONDS);
        return out.toString(StandardCharsets.UTF_8);
    }
}
