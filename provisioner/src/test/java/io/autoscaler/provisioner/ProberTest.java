package io.autoscaler.provisioner;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.autoscaler.provisioner.core.Lifecycle.Probed;

/** Issue 13 b: every probe reports an outcome; an error of any kind is a failed probe, never silence. */
class ProberTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a path that is no URI         | 127.0.0.1 | /health check | cannot probe /health check",
            "no address on the network     |           | /health       | no address",
            "nothing listens on the port   | 127.0.0.1 | /health       | ConnectException" })
    void anyProbeErrorIsAFailedProbe(String name, String host, String path, String problem) {
        List<Probed> outcomes = new CopyOnWriteArrayList<>();
        new Prober().probe(host, 1, path, outcomes::add);
        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes, hasSize(1));
        assertThat(name, outcomes.get(0).ready(), is(false));
        assertThat(name, outcomes.get(0).problem(), containsString(problem));
    }
}
